# hvm-kernel boots on every HRT vCPU: status shows each core up with a boot
# time, the log holds a banner from every core, and every core answers a ping.
out=$(vm 'hvmctl halt > /dev/null; hvmctl boot && hvmctl status && hvmctl log && hvmctl ping')
expect_in "$out" '^hvm-kernel booted from /lib/hvm/hvm-kernel.elf$'
expect_in "$out" "^hvm-kernel: running \(boot [0-9]+\), $HRT_VCPUS/$HRT_VCPUS cores up, uptime [0-9.]+ s, boot time [0-9]+ us\$"
expect_in "$out" 'image: /lib/hvm/hvm-kernel.elf \(tag default, [0-9]+ bytes\)'
for i in $(seq 0 $((HRT_VCPUS - 1))); do
	expect_in "$out" "hvm-kernel: cpu $i .*up"
	expect_in "$out" "^HRT core $i: answered in [0-9]+ us\$"
done
