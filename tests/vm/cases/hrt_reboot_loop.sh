# 100 warm reboots in a row all complete, and every core answers after each.
VM_TIMEOUT=600
out=$(vm 'hvmctl status | grep -q "hvm-kernel: running" || hvmctl boot > /dev/null
ok=0
for i in $(seq 100); do
	hvmctl reboot > /dev/null || { echo "reboot $i failed"; break; }
	hvmctl ping > /tmp/ping || { echo "ping after reboot $i failed:"; cat /tmp/ping; break; }
	ok=$((ok + 1))
done
echo "completed=$ok"
hvmctl status | grep "hvm-kernel:"')
expect_in "$out" '^completed=100$'
expect_in "$out" "hvm-kernel: running \(boot [0-9]+\), $HRT_VCPUS/$HRT_VCPUS cores up"
