# Linux sees the reservations in /proc/iomem, runs only on its own vCPUs and
# has not counted the HRT memory as RAM.
out=$(vm 'cat /proc/iomem; echo online=$(cat /sys/devices/system/cpu/online); echo present=$(cat /sys/devices/system/cpu/present); grep MemTotal /proc/meminfo')
base=$(printf '%08x' $((HRT_MEM_ADDR)))
end=$(printf '%08x' $((HRT_MEM_ADDR + HRT_MEM_MIB * 1048576 - 1)))
tramp=$(printf '%08x' $((TRAMPOLINE_ADDR)))
expect_in "$out" "^$base-$end : Reserved"
expect_in "$out" "^$tramp-$(printf '%08x' $((TRAMPOLINE_ADDR + 4095))) : Reserved"
if [ "$LINUX_VCPUS" -eq 1 ]; then online=0; else online="0-$((LINUX_VCPUS - 1))"; fi
expect_in "$out" "^online=$online\$"
expect_in "$out" "^present=0-$((LINUX_VCPUS + HRT_VCPUS - 1))\$"
memtotal_kib=$(grep MemTotal <<< "$out" | awk '{print $2}')
[ "$memtotal_kib" -lt $(((RAM_MIB - HRT_MEM_MIB) * 1024)) ] ||
	fail "MemTotal $memtotal_kib KiB: Linux counts the HRT memory as its own"
