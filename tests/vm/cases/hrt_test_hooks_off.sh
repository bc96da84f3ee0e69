# Without hvm.test_hooks the crash trigger is refused, and the HRT keeps running.
out=$(vm 'cat /sys/module/hvm/parameters/test_hooks; hvmctl test-crash 0 ud; echo rc=$?; hvmctl ping' 2>&1)
expect_in "$out" '^N$'
expect_in "$out" 'test hooks are off: echo 1 > /sys/module/hvm/parameters/test_hooks'
expect_in "$out" '^rc=1$'
expect_in "$out" '^HRT core 0: answered'
