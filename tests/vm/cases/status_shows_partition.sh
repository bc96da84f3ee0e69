# hvmctl status reports the regions and vCPUs of layout.conf, all verified.
out=$(vm hvmctl status)
base=$(printf '%#010x' $((HRT_MEM_ADDR)))
end=$(printf '%#010x' $((HRT_MEM_ADDR + HRT_MEM_MIB * 1048576 - 1)))
tramp=$(printf '%#010x' $((TRAMPOLINE_ADDR)))
expect_in "$out" "trampoline +$tramp-.* reserved from Linux, backed by RAM: ok"
expect_in "$out" "HRT memory +$base-$end +$HRT_MEM_MIB MiB +reserved from Linux, backed by RAM: ok"
expect_in "$out" "vCPUs +$HRT_VCPUS set aside for hvm-kernel, $LINUX_VCPUS online for Linux"
for cpu in $(seq "$LINUX_VCPUS" $((LINUX_VCPUS + HRT_VCPUS - 1))); do
	expect_in "$out" "HRT vCPU +cpu$cpu +APIC id [0-9]+ +offline in Linux: set aside"
done
expect_in "$out" '^hvm-kernel: (not booted|running|halted)'
