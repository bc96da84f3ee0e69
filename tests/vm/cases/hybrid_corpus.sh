# Unmodified programs relinked with mv-cc run with main on the HRT and every
# system call forwarded to Linux: each behaves exactly as its native build
# (standard output, exit status, files made), crashes and aborts included.
need_hrt
VM_TIMEOUT=600
out=$(vm "$CORPUS_COMPARE
true" 2>&1)
! grep -q '^DIFFERENT' <<< "$out" || fail "a hybrid program behaved differently from its native build"
expect_in "$out" '^same: args_env \(exit 44\)$'
expect_in "$out" '^same: file_io \(exit 0\)$'
expect_in "$out" '^same: pipes \(exit 0\)$'
expect_in "$out" '^same: sockets \(exit 0\)$'
expect_in "$out" '^same: malloc_heavy \(exit 0\)$'
expect_in "$out" '^same: mmap_churn \(exit 0\)$'
expect_in "$out" '^same: exit_code \(exit 5\)$'
expect_in "$out" '^same: segfault \(exit 139\)$'
expect_in "$out" '^  hybrid stderr: multiverse-rt: page fault on HRT CPU 0 at rip 0x[0-9a-f]+ \(address 0'
expect_in "$out" '^same: abort_now \(exit 134\)$'
expect_in "$out" '^same: stdin_filter \(exit 0\)$'
expect_in "$out" '^same: clock \(exit 0\)$'
