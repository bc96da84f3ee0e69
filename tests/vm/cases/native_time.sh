# The time and randomness calls hvm-kernel serves itself (clock_gettime,
# clock_getres, gettimeofday, time, nanosleep, clock_nanosleep, getrandom):
# time_calls behaves as its native build whether they are served natively,
# forwarded, or split between the two; the profile (HVM_STATS=1) shows them absent from
# the forwarded calls under HVM_NATIVE=all (getrandom only when the CPU has
# RDRAND or RDSEED) and present under none; the HRT's clock agrees with
# Linux's (a native reading lies between the forwarded readings around it,
# within the program's documented slack); and the whole corpus behaves the
# same with just these calls native.
need_hrt
VM_TIMEOUT=900
calls='clock_gettime clock_getres gettimeofday time nanosleep clock_nanosleep getrandom'
list=$(tr ' ' ',' <<< "$calls")
out=$(vm 'for policy in none all '"$list"' gettimeofday,time clock_gettime,clock_getres; do
	HVM_NATIVE=$policy hybrid-compare time_calls
done
for policy in none all; do
	HVM_NATIVE=$policy HVM_STATS=1 time_calls-hybrid served > /tmp/served.out 2> /tmp/stats
	sed "s/^/$policy: /" /tmp/served.out /tmp/stats
done
for policy in gettimeofday,time clock_gettime,clock_getres; do
	HVM_NATIVE=$policy time_calls-hybrid agree 2>&1 | sed "s/^/agree $policy: /"
done
grep -qwE "rdrand|rdseed" /proc/cpuinfo && echo "cpu has random instructions"
echo "clock: $(cat /sys/module/hvm/parameters/clock_stats)"
export HVM_NATIVE='"$list"'
'"$CORPUS_COMPARE"'
hybrid-compare threads
hybrid-compare processes
hybrid-compare signals
true' 2>&1)
echo "$out" | grep -E '^(agree|clock:)'
expect_same "$out" "a hybrid program"
[ "$(grep -c '^same: time_calls (exit 0)$' <<< "$out")" = 5 ] || fail "time_calls differs from its native build under some HVM_NATIVE policy"
for policy in none all; do
	! grep -qE "^$policy: .*: NO(,|$)" <<< "$out" || fail "time_calls served under HVM_NATIVE=$policy: a check said NO"
	expect_in "$out" "^$policy: clock_gettime and gettimeofday agree within [0-9]+ ms: yes\$"
done
for call in $calls; do
	expect_in "$out" "^none: +$call +0 +- +[1-9][0-9]* "
	[ "$call" = getrandom ] && ! grep -q '^cpu has random instructions$' <<< "$out" && continue
	grep -qE "^all: +$call +[1-9][0-9]* +[0-9.]+ +0 +- " <<< "$out" ||
		fail "$call was forwarded under HVM_NATIVE=all: is the HRT's clock valid? (clock_stats: $(grep '^clock:' <<< "$out"))"
done
expect_in "$out" '^agree gettimeofday,time: clock_gettime and gettimeofday agree within [0-9]+ ms: yes$'
expect_in "$out" '^agree clock_gettime,clock_getres: clock_gettime and gettimeofday agree within [0-9]+ ms: yes$'
expect_in "$out" '^clock: refreshes [0-9]+ .* tsc in step '
for prog in args_env file_io pipes sockets malloc_heavy mmap_churn exit_code segfault abort_now \
	    stdin_filter clock threads processes signals; do
	expect_in "$out" "^same: $prog \\(exit [0-9]+\\)$"
done
