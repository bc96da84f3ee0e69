# Unmodified programs relinked with mv-cc run with main on the HRT, their
# system calls served by hvm-kernel or forwarded to Linux: each behaves
# exactly as its native build (standard output, exit status, files made),
# crashes and aborts included. The programs: tests/hybrid/corpus.
need_hrt
VM_TIMEOUT=600
out=$(vm "$CORPUS_COMPARE
true" 2>&1)
expect_corpus_same "$out" "a hybrid program"
