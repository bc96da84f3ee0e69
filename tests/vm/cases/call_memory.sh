# An HRT function reads and writes the process's stack, heap, anonymous and
# file-backed mappings; the process sees the writes (the file through read()).
need_hrt
out=$(vm 'hvm-call-test memory')
expect_in "$out" 'the HRT read the stack, heap, anonymous and file mappings as the process has them'
expect_in "$out" 'the process sees the HRT.s writes'
expect_in "$out" '^ok$'
