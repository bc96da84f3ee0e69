# 10,000 calls from 8 threads at once: none lost, none duplicated.
need_hrt
VM_TIMEOUT=600
out=$(vm 'hvm-call-test threads')
expect_in "$out" '^10000 calls from 8 threads: each ran exactly once and returned its own result$'
expect_in "$out" '^ok$'
