# A process's function called on the HRT with hrt_call() may make system
# calls hvm-kernel forwards: the calling thread makes them, and the call
# returns 0 with the function's result, as hrt.h promises (not a status of
# its own, the call left pending), on every HRT CPU; posted with
# hrt_call_async(), hrt_wait() makes them and returns the same, also with
# a call posted on every HRT CPU at once.
need_hrt
out=$(vm 'hvm-call-test syscalls')
expect_in "$out" '^HRT CPU 0: calls making system calls return 0 and their results$'
expect_in "$out" "^HRT CPU $((HRT_VCPUS - 1)): calls making system calls return 0 and their results\$"
expect_in "$out" '^HRT CPU 0: so do asynchronous ones, collected with hrt_wait$'
expect_in "$out" "^HRT CPU $((HRT_VCPUS - 1)): so do asynchronous ones, collected with hrt_wait\$"
expect_in "$out" "^$HRT_VCPUS asynchronous calls making system calls at once: each returned its result\$"
expect_in "$out" '^ok$'
