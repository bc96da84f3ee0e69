# An all-CPU call runs on every HRT CPU at once, each on its own stack.
need_hrt
out=$(vm 'hvm-call-test all')
for i in $(seq 0 $((HRT_VCPUS - 1))); do expect_in "$out" "^HRT CPU $i ran on its own stack\$"; done
expect_in "$out" '^ok$'
