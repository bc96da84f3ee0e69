# kill -9 of a hybrid program blocked in a forwarded system call (read on a
# pipe): it dies like a native one, and the HRT serves the next program.
need_hrt
out=$(vm '(sleep 600 | block_read-hybrid > /tmp/block.out) &
for i in $(seq 50); do grep -q blocking /tmp/block.out 2>/dev/null && break; sleep 0.1; done
cat /tmp/block.out; pid=$(pidof block_read-hybrid); kill -9 $pid; sleep 0.5
pidof block_read-hybrid || echo "gone"; pkill sleep
hybrid-compare args_env after; hvmctl ping; hvmctl status | grep "hvm-kernel:"; dmesg | grep -c "stopping it with INIT" || true' 2>&1)
expect_in "$out" '^blocking in read$'
expect_in "$out" '^gone$'
expect_in "$out" '^same: args_env \(exit 42\)$'
expect_in "$out" '^HRT core 0: answered'
expect_in "$out" "^hvm-kernel: running .* $HRT_VCPUS/$HRT_VCPUS cores up"
expect_in "$out" '^0$'
