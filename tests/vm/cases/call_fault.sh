# A call touching an unmapped address returns -EFAULT with a crash record
# (vector 14, CR2 = the address); the HRT CPU stays up and takes the next call.
need_hrt
out=$(vm 'hvm-call-test fault; hvmctl status | grep "hvm-kernel:"')
expect_in "$out" '^the faulting call returned -EFAULT: page fault'
expect_in "$out" '^the HRT CPU takes the next call$'
expect_in "$out" '^ok$'
expect_in "$out" "^hvm-kernel: running .* $HRT_VCPUS/$HRT_VCPUS cores up"
