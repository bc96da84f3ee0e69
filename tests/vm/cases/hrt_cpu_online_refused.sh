# While hvm.ko owns the HRT vCPUs, Linux cannot bring them online.
for cpu in $(seq "$LINUX_VCPUS" $((LINUX_VCPUS + HRT_VCPUS - 1))); do
	out=$(vm "echo 1 > /sys/devices/system/cpu/cpu$cpu/online; echo rc=\$?; cat /sys/devices/system/cpu/cpu$cpu/online; dmesg | grep 'CPU $cpu belongs to hvm-kernel' | tail -1" 2>&1)
	expect_in "$out" 'Device or resource busy'
	expect_in "$out" '^rc=1$'
	expect_in "$out" '^0$'
	expect_in "$out" "CPU $cpu belongs to hvm-kernel: refusing to bring it online; unload hvm.ko"
done
out=$(vm 'hvmctl ping')
expect_in "$out" '^HRT core 0: answered'
