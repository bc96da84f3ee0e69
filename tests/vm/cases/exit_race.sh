# main ends the process while its other threads are busy: exit_race-hybrid
# (tests/hybrid/exit_race.c) returns from main or calls exit() (in turn)
# while one thread reads from a pipe nobody writes (forwarded), one waits
# on a futex on the HRT (HVM_NATIVE=all, the default), one computes and one
# page-faults through a big mapping. Compared once per mode with its native
# build; then RUNS runs, each must end within 5 s with the native exit
# status and output before the next starts. At the end Linux is clean and
# whole: live objects back to zero, no INIT, every core up, calls work.
need_hrt
VM_TIMEOUT=900
# 500 runs took 30 s under TCG on the 2-core build machine (the full count
# of the issue fits).
RUNS=500
BOUND_S=5
# Warm-up: the kernel's first runs keep some pages for good (per-CPU
# lists, caches), which is not what is measured.
vm 'exit_race-hybrid return; exit_race-hybrid exit' > /dev/null || true
mark=$(leak_mark)
out=$(vm "runs=$RUNS bound=$BOUND_S"'
hybrid-compare exit_race return
hybrid-compare exit_race exit
status=$(cat /tmp/cmp/exit_race-native.status)
expected=$(cat /tmp/cmp/exit_race-native.out)
start=$(date +%s)
done_runs=0
for i in $(seq $runs); do
	mode=return; [ $((i % 2)) = 0 ] && mode=exit
	got=$(timeout -s KILL $bound exit_race-hybrid $mode 2>&1); st=$?
	if [ $st != $status ] || [ "$got" != "$expected" ]; then
		echo "FAIL: run $i ($mode): exit status $st (native: $status), output: $got"
		break
	fi
	done_runs=$i
done
echo "$done_runs runs, each ended within $bound s with exit status $status and the native output ($(($(date +%s) - start)) s)"
hvm-call-test basic | tail -1
hvmctl status | grep "^hvm-kernel:"' 2>&1)
expect_in "$out" '^same: exit_race \(exit [0-9]+\)$'
! grep -q '^DIFFERENT' <<< "$out" || { echo "$out"; fail "exit_race differs from its native build"; }
! grep -q '^FAIL: ' <<< "$out" || { echo "$out"; fail "a run did not end as its native build does"; }
expect_in "$out" "^$RUNS runs, each ended within $BOUND_S s"
expect_in "$out" '^ok$'
expect_in "$out" "^hvm-kernel: running .* $HRT_VCPUS/$HRT_VCPUS cores up"
grep '^[0-9]* runs' <<< "$out"
expect_no_leaks "$mark"
