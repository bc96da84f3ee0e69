# hvm.ko refuses a partition that cannot work, with a message naming the fix,
# and loads again with the right one. Each bad option is tried on its own.
good="hrt_cpus=$LINUX_VCPUS-$((LINUX_VCPUS + HRT_VCPUS - 1)) hrt_mem=${HRT_MEM_MIB}M@$HRT_MEM_ADDR trampoline=$TRAMPOLINE_ADDR"
try_bad() { # OPTION EXPECTED-MESSAGE
	local opts out
	opts=$(sed -E "s/(^| )${1%%=*}=[^ ]*/\1$1/" <<< "$good")
	out=$(vm "dmesg -c > /dev/null; insmod /lib/hvm/hvm.ko $opts 2>&1; echo rc=\$?; dmesg | grep 'hvm:'")
	expect_in "$out" '^rc=[1-9]'
	expect_in "$out" "$2"
}
vm 'rmmod hvm'
trap 'vm "lsmod | grep -q ^hvm || { insmod /lib/hvm/hvm.ko $good && hvmctl boot; }" > /dev/null' EXIT
try_bad "trampoline=$(printf '%#x' $((TRAMPOLINE_ADDR + 0x1000)))" 'is not reserved from Linux: add memmap=4K\$'
try_bad 'trampoline=0x100000' 'not below 1 MiB'
try_bad 'trampoline=0x70010' 'not page aligned'
try_bad "hrt_mem=${HRT_MEM_MIB}M@$(printf '%#x' $((RAM_MIB * 1048576)))" "lies outside the VM's RAM"
try_bad "hrt_mem=${HRT_MEM_MIB}M@$(printf '%#x' $((HRT_MEM_ADDR + HRT_MEM_MIB * 1048576 / 2)))" 'is not reserved from Linux: add memmap='
try_bad 'hrt_mem=512' 'is not SIZE@ADDR'
try_bad 'hrt_cpus=0-1' 'includes CPU 0'
try_bad "hrt_cpus=1-$((LINUX_VCPUS + HRT_VCPUS + 2))" 'is not a list of CPUs this VM has'
try_bad 'hrt_cpus=banana' 'is not a list of CPUs this VM has'
out=$(vm "insmod /lib/hvm/hvm.ko $good && hvmctl status")
expect_in "$out" 'HRT memory .* ok'
