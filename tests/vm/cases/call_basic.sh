# A process merges its address space and runs its own functions on every
# HRT CPU in ring 0; results come back.
need_hrt
out=$(vm 'hvm-call-test basic')
expect_in "$out" '^HRT CPU 0: calls return their results$'
expect_in "$out" "^HRT CPU $((HRT_VCPUS - 1)): calls return their results\$"
expect_in "$out" '^ok$'
