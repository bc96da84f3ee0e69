# A layout with two Linux vCPUs (HVM_LAYOUT_SET, the OpenMP benchmark's):
# hvm.ko loads (its doorbell interrupt's vector is allocated on the CPU
# the HRT rings, not moved there later, which with more than one Linux CPU
# never happened), hvm-kernel boots, and a hybrid program whose callers
# sleep for the doorbell (every call forwarded) runs as natively. A domain
# of its own, next to the suite's, down at the end.
VM_TIMEOUT=300
second="$HVMVM-2cpus"
trap '$second down > /dev/null 2>&1' EXIT
$second down > /dev/null 2>&1 || true
HVM_LAYOUT_SET="LINUX_VCPUS=2" $second up > /dev/null 2>&1 ||
	fail "a domain with two Linux vCPUs did not come up (vmconfigs/hvmvm up with HVM_LAYOUT_SET=LINUX_VCPUS=2)"
out=$($second run --timeout 300 'nproc; test -e /dev/hvm && echo "hvm.ko loaded"
	dmesg | grep -E "HRT doorbell|No irq handler|did not arrive"; hvmctl status | grep "^hvm-kernel:"
	HVM_NATIVE=none hybrid-compare file_io; hybrid-compare threads' 2>&1)
expect_in "$out" '^2$'
expect_in "$out" '^hvm.ko loaded$'
expect_in "$out" 'HRT doorbell: IRQ [0-9]+, vector 0x[0-9a-f]+ on cpu0 \(APIC id 0\)'
grep -qE 'No irq handler|did not arrive' <<< "$out" && { echo "$out"; fail "the doorbell did not reach its handler with two Linux vCPUs"; }
expect_in "$out" "running .*$HRT_VCPUS/$HRT_VCPUS cores up"
expect_same "$out" "file_io and threads with two Linux vCPUs"
expect_in "$out" '^same: file_io \(exit 0\)$'
expect_in "$out" '^same: threads \(exit 0\)$'
echo "linux_two_cpus: hvm.ko and hvm-kernel came up with two Linux vCPUs; hybrid programs ran as natively"
