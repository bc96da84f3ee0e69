# kill -9 of a process whose call is running on the HRT: the call is
# stopped, the process goes away, and the HRT serves the next process.
need_hrt
out=$(vm 'hvm-call-test spin > /tmp/spin.out & pid=$!
for i in $(seq 50); do grep -q spinning /tmp/spin.out && break; sleep 0.1; done
cat /tmp/spin.out; kill -9 $pid; wait $pid; echo "exit=$?"
hvm-call-test basic | tail -1; hvmctl ping; hvmctl status | grep "hvm-kernel:"; dmesg | grep -c "stopping it with INIT" || true')
expect_in "$out" '^spinning on HRT CPU 0$'
expect_in "$out" '^exit=137$'
expect_in "$out" '^ok$'
expect_in "$out" '^HRT core 0: answered'
expect_in "$out" "^hvm-kernel: running .* $HRT_VCPUS/$HRT_VCPUS cores up"
expect_in "$out" '^0$'
