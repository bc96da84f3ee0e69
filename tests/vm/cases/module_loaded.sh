# hvm.ko was loaded by init with the layout's options and owns a root-only /dev/hvm.
out=$(vm 'lsmod; ls -l /dev/hvm; cat /sys/module/hvm/parameters/hrt_cpus /sys/module/hvm/parameters/hrt_mem')
expect_in "$out" '^hvm '
expect_in "$out" '^crw------- +1 root +root .*/dev/hvm'
expect_in "$out" "^$LINUX_VCPUS-$((LINUX_VCPUS + HRT_VCPUS - 1))\$"
expect_in "$out" "^${HRT_MEM_MIB}M@$(printf '%#x' $((HRT_MEM_ADDR)))\$"
