# TLB coherence under stress: a thread keeps remapping and mprotect-ing
# pages while calls on every HRT CPU read them: no stale page, no crash.
need_hrt
VM_TIMEOUT=900
out=$(vm 'hvm-coherence-test 2000; hvmctl status | grep "hvm-kernel:"')
expect_in "$out" '^2000 remaps, 500 mprotect toggles, [0-9]+ HRT calls, [0-9]+ checked reads, 0 stale reads'
expect_in "$out" '^ok$'
expect_in "$out" "^hvm-kernel: running .* $HRT_VCPUS/$HRT_VCPUS cores up"
