# Unloading hvm.ko stops hvm-kernel and gives the HRT vCPUs back: Linux can
# then bring one online. Loading hvm.ko again takes that online CPU back
# from Linux (remove_cpu), and hvm-kernel boots on it. Runs last (it
# reloads the module).
cpu=$LINUX_VCPUS
good="hrt_cpus=$LINUX_VCPUS-$((LINUX_VCPUS + HRT_VCPUS - 1)) hrt_mem=${HRT_MEM_MIB}M@$HRT_MEM_ADDR trampoline=$TRAMPOLINE_ADDR"
out=$(vm "rmmod hvm && echo 1 > /sys/devices/system/cpu/cpu$cpu/online && echo online=\$(cat /sys/devices/system/cpu/online) && insmod /lib/hvm/hvm.ko $good && echo online=\$(cat /sys/devices/system/cpu/online) && dmesg | grep 'took CPU' | tail -1 && hvmctl boot && hvmctl ping")
expect_in "$out" "^online=0-$cpu\$"
expect_in "$out" '^online=0$'
expect_in "$out" "took CPU $cpu from Linux"
expect_in "$out" '^HRT core 0: answered'
