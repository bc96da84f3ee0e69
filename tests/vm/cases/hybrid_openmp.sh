# OpenMP teams on the HRT: tests/exec/omp_check (Debian's gcc -fopenmp,
# libgomp, dynamic) in the guest's Debian root, natively and through
# hvm-exec, with the default team, OMP_NUM_THREADS four times the HRT CPUs,
# close binding over cores and over threads, OMP_PROC_BIND=true, and
# HVM_CPUS=0. Each pair of runs must print the same lines apart from the
# "cpus:" ones, and every check of the program must hold. The "cpus:"
# lines are checked last, against what each side has: natively Linux's
# CPUs (nproc), through hvm-exec the process's HRT CPUs (all of them,
# HRT_VCPUS; one with HVM_CPUS=0): omp_get_num_procs, the default team and
# the places a binding makes. On the HRT a thread stays on the CPU it was
# started on: libgomp's binding is accepted (sched_setaffinity succeeds,
# omp_get_place_num answers by it) but moves no thread, so only that is
# checked of it.
need_hrt
VM_TIMEOUT=900
mark=$(leak_mark)
vm 'debian-root true' || fail "debian-root could not set the Debian root up"
linux_cpus=$(vm 'debian-root nproc')
cpu_lines_wrong=

# omp_run ENV...: omp_check natively and through hvm-exec with ENV; prints
# "native STATUS" and "hvm-exec STATUS", then each run's lines prefixed by
# "n " and "h ".
omp_run() {
	vm "debian-root sh -c 'cd /tmp && env $* omp_check-native > omp-n.out; echo native \$?
		env $* hvm-exec omp_check-native > omp-h.out; echo hvm-exec \$?
		sed \"s/^/n /\" omp-n.out; sed \"s/^/h /\" omp-h.out; rm -f omp-?.out'" 2>&1
}

# omp_case WHAT NATIVE_PROCS HYBRID_PROCS NATIVE_TEAM HYBRID_TEAM ENV...: run
# both ways; both exit 0 and print the same lines but the "cpus:" ones,
# which must say NATIVE_PROCS / HYBRID_PROCS for omp_get_num_procs and
# NATIVE_TEAM / HYBRID_TEAM for the default team; a binding's places must
# be as many as the procs (one CPU a thread here). A "cpus:" line that
# differs is noted in cpu_lines_wrong, reported at the end.
omp_case() {
	local what=$1 nprocs=$2 hprocs=$3 nteam=$4 hteam=$5 out diffs line places
	shift 5
	out=$(omp_run "$@")
	expect_in "$out" '^native 0$'
	expect_in "$out" '^h result: all checks held$'
	expect_in "$out" '^hvm-exec 0$'
	diffs=$(diff <(sed -n 's/^n //p' <<< "$out" | grep -v '^cpus:') <(sed -n 's/^h //p' <<< "$out" | grep -v '^cpus:')) ||
		{ echo "$diffs"; fail "omp_check ($what) printed other lines through hvm-exec than natively"; }
	for line in "n cpus: num_procs $nprocs" "h cpus: num_procs $hprocs" "n cpus: default team $nteam" \
		"h cpus: default team $hteam"; do
		grep -qxF "$line" <<< "$out" || cpu_lines_wrong+="$what: expected '$line', got '$(grep "^${line% *} " <<< "$out")'; "
	done
	# Places of threads and of cores are the process's CPUs: the HRT's
	# topology files say one package of single-thread cores (cpus.c).
	if [[ " $* " == *" OMP_PLACES=cores "* ]]; then
		grep -qxF "h cpus: places $hprocs" <<< "$out" ||
			cpu_lines_wrong+="$what: expected $hprocs places of cores, got '$(grep '^h cpus: places ' <<< "$out")'; "
	elif grep -q '^h bind: omp_get_proc_bind \(true\|close\)$' <<< "$out"; then
		for line in "n cpus: places $nprocs" "h cpus: places $hprocs"; do
			grep -qxF "$line" <<< "$out" || cpu_lines_wrong+="$what: expected '$line', got '$(grep "^${line% *} " <<< "$out")'; "
		done
	fi
	echo "$out" > "$logs/$what"
}
logs=$(mktemp -d) # each run's output, by WHAT
trap 'rm -rf "$logs"' EXIT

omp_case default "$linux_cpus" "$HRT_VCPUS" "$linux_cpus" "$HRT_VCPUS"
many=$((4 * HRT_VCPUS))
omp_case "OMP_NUM_THREADS=$many" "$linux_cpus" "$HRT_VCPUS" $many $many OMP_NUM_THREADS=$many
out=$(cat "$logs/OMP_NUM_THREADS=$many")
expect_in "$out" '^h barrier: 100 rounds, every write before it seen after it: yes$'
omp_case close-cores "$linux_cpus" "$HRT_VCPUS" "$linux_cpus" "$HRT_VCPUS" OMP_PROC_BIND=close OMP_PLACES=cores
out=$(cat "$logs/close-cores")
expect_in "$out" '^h bind: omp_get_proc_bind close$'
expect_in "$out" '^h bind: thread 0 stays at the initial thread.s place: yes$'
omp_case close-threads "$linux_cpus" "$HRT_VCPUS" $many $many OMP_PROC_BIND=close OMP_PLACES=threads OMP_NUM_THREADS=$many
omp_case bind-true "$linux_cpus" "$HRT_VCPUS" "$linux_cpus" "$HRT_VCPUS" OMP_PROC_BIND=true
out=$(cat "$logs/bind-true")
expect_in "$out" '^h bind: omp_get_proc_bind true$'
expect_in "$out" '^h bind: every place has CPUs the process has: yes$'
# HVM_CPUS=0: the hybrid process has HRT CPU 0 only; natively it means nothing.
omp_case HVM_CPUS=0 "$linux_cpus" 1 "$linux_cpus" 1 HVM_CPUS=0
expect_no_leaks "$mark"
[ -z "$cpu_lines_wrong" ] ||
	fail "omp_check's CPU counts through hvm-exec are not the HRT's (sched_getaffinity, get_nprocs): $cpu_lines_wrong"
echo "hybrid_openmp: omp_check through hvm-exec printed what it printed natively (default team, OMP_NUM_THREADS=$many, close binding over cores and threads, OMP_PROC_BIND=true, HVM_CPUS=0), with the HRT's CPU counts"
