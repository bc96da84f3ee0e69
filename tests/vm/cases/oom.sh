# A hybrid memory hog in a cgroup v2 with memory.max 256M: mem_hog
# (tests/hybrid/mem_hog.c) wants 768 MiB and must be stopped as Linux
# stops its native build in the same cgroup (the OOM killer's SIGKILL,
# 137, counted in memory.events; or a failed allocation), RUNS times, in turn with the HRT heap
# (HVM_HEAP default) and without (HVM_HEAP=0). Meanwhile a bystander,
# outside the cgroup, runs hybrid corpus programs in a loop, each compared
# with its native build: all of them must compare equal. At the end
# nothing leaked: live objects back to zero, no INIT, every core up.
need_hrt
VM_TIMEOUT=900
RUNS=20
LIMIT=256M
HOG_MIB=768
CG=/sys/fs/cgroup
# The guest's init mounts no cgroup file system: mount cgroup2 if needed,
# give the memory controller to the children, and make the hog's group.
# The native run is the warm-up too (first OOM kills keep some pages).
native=$(vm "cg=$CG limit=$LIMIT hog_mib=$HOG_MIB"'
[ -e $cg/cgroup.controllers ] || mount -t cgroup2 cgroup2 $cg || exit 1
grep -qw memory $cg/cgroup.controllers || { echo "no memory controller in $cg/cgroup.controllers"; exit 1; }
echo +memory > $cg/cgroup.subtree_control
mkdir -p $cg/hog && echo $limit > $cg/hog/memory.max || exit 1
echo "memory.max $(cat $cg/hog/memory.max)"
out=$(sh -c "echo \$\$ > $cg/hog/cgroup.procs && exec mem_hog-native $hog_mib" 2>&1)
echo "native: exit $? output: $out"' 2>&1) || { echo "$native"; fail "cannot set up the cgroup for the hog"; }
expect_in "$native" '^memory.max 268435456$'
expect_in "$native" '^native: exit (137|3) '
native_end=$(grep '^native: ' <<< "$native" | sed 's/^native: //')
# Huge pages a hybrid program's HRT heap freed wait on Linux's per-CPU
# lists, which MemAvailable does not count: after identical runs of
# malloc_heavy-hybrid it varied by up to 56 MB (natively not at all). A
# hog run that leaked its memory would leave 256 MB.
LEAK_MEM_MARGIN_KB=81920
mark=$(leak_mark)
out=$(vm "cg=$CG runs=$RUNS hog_mib=$HOG_MIB"'
cd /tmp && rm -rf oom && mkdir oom && cd oom
# The bystander: corpus programs that allocate and fault, until told to stop.
(while [ ! -e stop ]; do
	for p in malloc_heavy mmap_churn; do hybrid-compare $p; done
done > bystander.out 2>&1) & bystander=$!
kills_before=$(sed -n "s/^oom_kill //p" $cg/hog/memory.events)
for i in $(seq $runs); do
	heap=; unset HVM_HEAP
	[ $((i % 2)) = 0 ] && heap=0 && export HVM_HEAP=0
	out=$(timeout -k 5 120 sh -c "echo \$\$ > $cg/hog/cgroup.procs && exec mem_hog-hybrid $hog_mib" 2>&1)
	echo "hybrid${heap:+ HVM_HEAP=$heap}: exit $? output: $out"
done
touch stop; wait $bystander
sed "s/^/bystander: /" bystander.out
echo "oom kills: $(($(sed -n "s/^oom_kill //p" $cg/hog/memory.events) - kills_before))"
rmdir $cg/hog
hvm-call-test basic | tail -1
hvmctl status | grep "^hvm-kernel:"' 2>&1)
for heap in '' ' HVM_HEAP=0'; do
	[ "$(grep -cxF "hybrid$heap: $native_end" <<< "$out")" = $((RUNS / 2)) ] ||
		{ echo "$out"; fail "the hybrid hog$heap did not end as its native build did ($native_end) in each of $((RUNS / 2)) runs"; }
done
# A run that ended with 137 was the OOM killer's, not the bound's KILL.
[ "$native_end" != "exit 137 output: " ] || expect_in "$out" "^oom kills: $RUNS$"
! grep -q '^bystander: DIFFERENT' <<< "$out" || { echo "$out"; fail "the bystander differs from its native build"; }
expect_in "$out" '^bystander: same: malloc_heavy \(exit 0\)$'
expect_in "$out" '^bystander: same: mmap_churn \(exit 0\)$'
expect_in "$out" '^ok$'
expect_in "$out" "^hvm-kernel: running .* $HRT_VCPUS/$HRT_VCPUS cores up"
expect_no_leaks "$mark"
