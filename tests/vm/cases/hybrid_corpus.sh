# Unmodified programs relinked with mv-cc run with main on the HRT, their
# system calls served by hvm-kernel or forwarded to Linux: each behaves
# exactly as its native build (standard output, exit status, files made),
# crashes and aborts included. The programs: tests/hybrid/corpus.
need_hrt
VM_TIMEOUT=600
out=$(vm "$CORPUS_COMPARE
true" 2>&1)
expect_same "$out" "a hybrid program"
# Every program of the list with an exit status, the same both ways.
while read -r name exit _; do
	case $name in '' | '#'*) continue ;; esac
	[ "$exit" = - ] || expect_in "$out" "^same: $name \\(exit $exit\\)\$"
done < "$CORPUS_LIST"
expect_in "$out" '^  hybrid stderr: multiverse-rt: page fault on HRT CPU 0 at rip 0x[0-9a-f]+ \(address 0'
