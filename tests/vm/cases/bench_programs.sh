# The programs the porting benchmark times (tests/bench/, scripts/bench
# porting) compute the same hybridized as native, small sizes, with the ported
# calls served on the HRT (HVM_NATIVE=all) and with every call forwarded
# (none): n-body, spectral norm, fannkuch-redux, the fixed-work-quantum loop,
# and syscall_mix (two threads contending for a mutex between getpid,
# clock_gettime, gettimeofday, sched_yield, mmap and munmap); and the forward
# benchmark's fwd_threads (threads making getppid calls) and fwd_sleeper
# (naps). Every call the benchmark times runs on the HRT both ways, and the
# list of calls it reads from hvm-kernel's native table is the kernel's.
need_hrt
VM_TIMEOUT=600
out=$(vm 'for policy in all none; do
	export HVM_NATIVE=$policy
	echo "policy $policy"
	hybrid-compare nbody 1000
	hybrid-compare cpu_bound 100
	hybrid-compare fannkuch 7
	hybrid-compare fwq 200 100
	hybrid-compare syscall_mix 300 3
	hybrid-compare fwd_threads 4 50
	hybrid-compare fwd_sleeper 1
	syscall-hybrid 2 10 $(syscall-native --native-calls | sed -n "s/ timed$//p") > /tmp/calls.out
	echo "syscall-hybrid status=$? results=$(grep -c "^result syscall_" /tmp/calls.out)"
done
cat /tmp/cmp/nbody-hybrid.out /tmp/cmp/fannkuch-hybrid.out /tmp/cmp/syscall_mix-hybrid.out \
	/tmp/cmp/fwd_threads-hybrid.out /tmp/cmp/fwd_sleeper-hybrid.out
syscall-native --native-calls' 2>&1)
expect_same "$out" "a benchmark program"
for prog in nbody cpu_bound fannkuch fwq syscall_mix fwd_threads fwd_sleeper; do
	[ "$(grep -c "^same: $prog (exit 0)$" <<< "$out")" = 2 ] || fail "$prog differs from its native build under some HVM_NATIVE policy"
done
expect_in "$out" '^energy before -0\.169075164$'
expect_in "$out" '^energy after 1000 steps -0\.169087605$'
expect_in "$out" '^228$'
expect_in "$out" '^Pfannkuchen\(7\) = 16$'
expect_in "$out" '^3 threads x 300 rounds: counter 900 \(expected 900\)$'
expect_in "$out" '^getpid changed: 0, clock went back: 0, bad pages: 0, failed calls: 0$'
expect_in "$out" "^checksum 4 threads x 50 calls: 200 returned the parent's pid$"
expect_in "$out" '^fwd_sleeper: napping$'
timed=$(grep -cE '^[a-z0-9_]+ timed$' <<< "$out")
[ "$timed" -ge 6 ] || fail "syscall --native-calls lists $timed timed calls, hvm-kernel serves at least 6"
[ "$(grep -c "^syscall-hybrid status=0 results=$timed$" <<< "$out")" = 2 ] ||
	fail "syscall-hybrid did not time all $timed native calls under HVM_NATIVE=all and none: $(grep '^syscall-hybrid' <<< "$out")"
# The list follows hvm-kernel's table (kernel/syscalls/table.c).
for call in getpid gettid getppid sched_yield uname arch_prctl; do
	expect_in "$out" "^$call timed$"
done
