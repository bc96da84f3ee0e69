# Threads of a hybrid program run on the HRT, more of them than HRT CPUs:
# mutex, barrier, condition variable, __thread TLS and join results behave
# exactly as in the native build.
need_hrt
VM_TIMEOUT=300
out=$(vm 'hybrid-compare threads; cat /tmp/cmp/threads-hybrid.out' 2>&1)
expect_in "$out" '^same: threads \(exit 0\)$'
expect_in "$out" '^thread 5: my TLS value 507, counter 12000$'
expect_in "$out" '^joined 6 threads, results sum 30, main.s TLS value -1$'
