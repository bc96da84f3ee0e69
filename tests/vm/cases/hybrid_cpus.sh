# Many hybrid processes at once on the HRT's CPUs, and what a process sees
# of its CPUs (tests/hybrid/cpu_view.c), each compared with its native run:
#  1. A hybrid process sees its HRT CPUs as its machine: the affinity mask,
#     sysconf and get_nprocs() count them, getcpu and sched_getcpu name one
#     of them, sched_setaffinity judges its mask as Linux does; for musl
#     (mv-cc) and glibc (hvm-exec: get_nprocs() reads
#     /sys/devices/system/cpu/online, sched_getcpu() the vDSO). Natively
#     the count is Linux's CPUs; hybridized the HRT's, or HVM_CPUS's, and
#     Linux's again with HVM_NATIVE=none (the view follows the policy).
#  2. Four hybrid programs with two computing threads each at once on the
#     HRT's CPUs, two of them with disjoint HVM_CPUS: every one ends as its
#     native run does, and `hvmctl ps` shows all four while they run, the
#     ones with HVM_CPUS only on their CPU.
#  3. Two programs without HVM_CPUS at once get different CPUs.
#  4. HVM_CPUS naming a CPU the HRT lacks, or no list: one message, no run.
need_hrt
VM_TIMEOUT=600
mark=$(leak_mark)
last=$((HRT_VCPUS - 1))
linux_cpus=$(vm 'nproc' | tr -d '\r')

# view OUTPUT: the lines of cpu_view that are the same everywhere.
view() { grep -vE '^(cpus|threads on cpus):' <<< "$1"; }
# expect_view WHAT OUTPUT NATIVE CPUS: OUTPUT says CPUS and otherwise what NATIVE says.
expect_view() {
	expect_in "$2" "^cpus: $4\$"
	[ "$(view "$2")" = "$(view "$3")" ] ||
		{ diff <(view "$3") <(view "$2") || true; fail "$1: cpu_view saw its CPUs differently than natively"; }
}

# 1. The view, musl and glibc, by policy and HVM_CPUS.
native=$(vm 'cpu_view-native 3 0' 2>&1)
expect_in "$native" "^cpus: $linux_cpus\$"
expect_in "$native" '^every thread.s sched_getcpu is one of them: yes$'
expect_in "$native" '^get_nprocs\(\) is the count: yes$'
native_glibc=$(vm 'cpu_view-glibc 3 0' 2>&1)
[ "$(view "$native_glibc")" = "$(view "$native")" ] ||
	{ echo "$native_glibc"; fail "cpu_view built with glibc answered differently than with musl, natively"; }
expect_view "mv-cc, all HRT CPUs" "$(vm 'cpu_view-hybrid 3 0' 2>&1)" "$native" "$HRT_VCPUS"
expect_view "mv-cc, HVM_CPUS=$last" "$(vm "HVM_CPUS=$last cpu_view-hybrid 3 0" 2>&1)" "$native" 1
expect_view "mv-cc, HVM_NATIVE=none" "$(vm 'HVM_NATIVE=none cpu_view-hybrid 3 0' 2>&1)" "$native" "$linux_cpus"
expect_view "glibc through hvm-exec" "$(vm 'hvm-exec cpu_view-glibc 3 0' 2>&1)" "$native" "$HRT_VCPUS"
expect_view "glibc through hvm-exec, HVM_CPUS=0-$last" "$(vm "HVM_CPUS=0-$last hvm-exec cpu_view-glibc 3 0" 2>&1)" "$native" "$HRT_VCPUS"
expect_view "glibc through hvm-exec, HVM_CPUS=$last" "$(vm "HVM_CPUS=$last hvm-exec cpu_view-glibc 2 0" 2>&1)" "$native" 1

# 2. Four at once, two with HVM_CPUS of their own, seen by hvmctl ps.
out=$(vm "cd /tmp && rm -rf cpus && mkdir cpus && cd cpus
	cpu_view-hybrid 2 6000 > a.out 2>&1 & a=\$!
	cpu_view-hybrid 2 6000 > b.out 2>&1 & b=\$!
	HVM_CPUS=0 cpu_view-hybrid 2 6000 > c.out 2>&1 & c=\$!
	HVM_CPUS=$last hvm-exec cpu_view-glibc 2 6000 > d.out 2>&1 & d=\$!
	for i in \$(seq 60); do
		hvmctl ps > ps.out
		[ \$(grep -c '^[0-9]' ps.out) -eq 4 ] && [ \$(grep -c 'tid ' ps.out) -ge 12 ] && break
		sleep 0.25
	done
	echo pids \$a \$b \$c \$d; cat ps.out
	wait \$a; echo a exit \$?; wait \$b; echo b exit \$?
	wait \$c; echo c exit \$?; wait \$d; echo d exit \$?
	for p in a b c d; do sed s/^/\$p:\ / \$p.out; done
	cd /tmp && rm -rf cpus" 2>&1)
read -r _ pid_a pid_b pid_c pid_d <<< "$(grep '^pids ' <<< "$out")"
[ "$(grep -cE '^[0-9]+ ' <<< "$out")" -eq 4 ] || { echo "$out"; fail "hvmctl ps did not show the four hybrid programs while they ran"; }
expect_in "$out" "^$pid_c +cpu_view-hybrid +0 +3 "
expect_in "$out" "^$pid_d +cpu_view-glibc +$last +3 "
expect_in "$out" "^$pid_a +cpu_view-hybrid +0-$last +3 "
# The threads of c (CPU 0) and d (the last CPU) ran only there.
for p in c:0 d:$last; do
	pid=$(eval echo "\$pid_${p%:*}")
	cpus=$(awk -v pid="$pid" '/^[0-9]/ { cur = $1 } /tid / && cur == pid { print $5 }' <<< "$out" | sort -u | tr '\n' ' ')
	[ "$cpus" = "${p#*:} " ] || { echo "$out"; fail "process ${p%:*} with HVM_CPUS=${p#*:} had threads on HRT CPUs $cpus"; }
done
for p in a b c d; do
	expect_in "$out" "^$p exit 0\$"
	[ "$(sed -n "s/^$p: //p" <<< "$out" | grep -vE '^(cpus|threads on cpus):')" = "$(view "$native")" ] ||
		{ echo "$out"; fail "program $p, one of four at once, saw its CPUs differently than natively"; }
done
expect_in "$out" '^c: cpus: 1$'
expect_in "$out" "^a: cpus: $HRT_VCPUS\$"

# 3. Two single-thread programs without HVM_CPUS get CPUs of their own.
if [ "$HRT_VCPUS" -ge 2 ]; then
	out=$(vm "cd /tmp && cpu_view-hybrid 1 3000 > /dev/null 2>&1 & x=\$!
		cpu_view-hybrid 1 3000 > /dev/null 2>&1 & y=\$!
		for i in \$(seq 40); do
			hvmctl ps > /tmp/ps2.out; [ \$(grep -c 'tid ' /tmp/ps2.out) -ge 4 ] && break; sleep 0.25
		done; cat /tmp/ps2.out; rm -f /tmp/ps2.out; wait \$x \$y" 2>&1)
	main_cpus=$(awk '/^[0-9]/ { pid = $1 } /tid / && $2 == pid { print $5 }' <<< "$out" | sort -u | wc -l)
	[ "$main_cpus" -eq 2 ] || { echo "$out"; fail "two hybrid programs started at once shared an HRT CPU while another was free"; }
fi

# 4. Bad HVM_CPUS: one clear message, nothing runs.
out=$(vm "HVM_CPUS=$HRT_VCPUS cpu_view-hybrid 1 0; echo \"status \$?\"; HVM_CPUS=x hvm-exec cpu_view-glibc 1 0; echo \"status \$?\"" 2>&1)
expect_in "$out" "HVM_CPUS='$HRT_VCPUS' is no list of HRT CPUs: this HRT has CPUs 0-$last"
expect_in "$out" "HVM_CPUS='x' is no list of HRT CPUs"
[ "$(grep -c '^cpus:' <<< "$out")" -eq 0 ] || { echo "$out"; fail "a program with a bad HVM_CPUS ran"; }
expect_no_leaks "$mark"
echo "hybrid_cpus: processes see their HRT CPUs (musl and glibc), four at once with HVM_CPUS ran as natively, hvmctl ps showed them"
