# Futexes of hybrid programs (hvm/call.h, Futexes): the futexes corpus
# program (ping-pong, barriers, broadcasts that musl turns into requeues,
# raw operations with exact counts, errors, signals ending or restarting a
# native wait, timed waits, set_tid_address and the clear_child_tid wake
# at exit, a futex shared with a forked child) behaves as its native build
# with futex native (all, futex) and forwarded (none). The profile
# (HVM_PROFILE=1) shows futex served natively, and the forwarded futex
# operations it lists show what Linux still makes: with futex native, no
# private operation but the one hvm-kernel does not take (FUTEX_WAIT with
# FUTEX_CLOCK_REALTIME, which Linux refuses), and the shared futexes; with
# none, all of them.
need_hrt
VM_TIMEOUT=1200
out=$(vm 'for policy in all none futex; do HVM_NATIVE=$policy hybrid-compare futexes; done
for policy in futex none all; do
	for part in private signals timed shared tid; do
		HVM_NATIVE=$policy HVM_PROFILE=1 futexes-hybrid $part > /tmp/futexes.out 2> /tmp/stats
		echo "$policy $part: exit $? $(wc -l < /tmp/futexes.out) lines"
		sed "s/^/$policy $part: /" /tmp/stats
	done
done
true' 2>&1)
expect_same "$out" "futexes"
[ "$(grep -c '^same: futexes (exit 0)$' <<< "$out")" = 3 ] || { echo "$out"; fail "futexes differs under some HVM_NATIVE policy"; }
for policy in futex none all; do
	for part in private signals timed shared tid; do
		expect_in "$out" "^$policy $part: exit 0 [0-9]+ lines$"
	done
done
# Profile rows: call, native count, its mean, forwarded count, its mean, total.
for part in private signals timed; do
	expect_in "$out" "^none $part: +futex +0 +- +[1-9][0-9]* "
	for policy in futex all; do
		expect_in "$out" "^$policy $part: +futex +[1-9][0-9]* +[0-9.]+ +[0-9]+ "
		! grep -E "^$policy $part: +FUTEX_[A-Z_]+_PRIVATE [0-9]+$" <<< "$out" ||
			fail "a private futex operation of part $part was forwarded under HVM_NATIVE=$policy"
	done
done
# Forwarded under none: the parts really make each operation hvm-kernel serves.
for op in WAIT WAKE REQUEUE CMP_REQUEUE WAIT_BITSET WAKE_BITSET; do
	expect_in "$out" "^none private: +FUTEX_${op}_PRIVATE [0-9]+$"
done
expect_in "$out" '^none timed: +FUTEX_WAIT_BITSET_PRIVATE\|FUTEX_CLOCK_REALTIME [0-9]+$'
for policy in futex all; do
	expect_in "$out" "^$policy private: +FUTEX_WAIT_PRIVATE\\|FUTEX_CLOCK_REALTIME 1$"
	expect_in "$out" "^$policy shared: +FUTEX_WAKE [0-9]+$"	# the parent's; whether it waits is timing
done
# set_tid_address: native under all (the exit hands its address to Linux), forwarded otherwise.
expect_in "$out" '^none tid: +set_tid_address +0 +- +2 '
expect_in "$out" '^futex tid: +set_tid_address +0 +- +2 '
expect_in "$out" '^all tid: +set_tid_address +2 +[0-9.]+ +0 +- '
echo "$out" | grep -E '^(same|DIFFERENT)' || true

# kill -9 of a program whose threads sleep in native futex waits, one with
# a timeout: the waits are undone with their calls, so the next program
# (likely in the same space slot) finds no stale waiter (and no Linux wait
# counted: its private wakes would be forwarded then).
out=$(vm '(HVM_NATIVE=futex futexes-hybrid sleep > /tmp/sleep.out) &
for i in $(seq 100); do grep -q sleeping /tmp/sleep.out 2>/dev/null && break; sleep 0.1; done
cat /tmp/sleep.out; kill -9 $(pidof futexes-hybrid); sleep 0.5
pidof futexes-hybrid || echo "gone"
HVM_NATIVE=futex HVM_PROFILE=1 futexes-hybrid private > /dev/null 2> /tmp/stats; sed "s/^/after: /" /tmp/stats
hybrid-compare futexes; hvmctl status | grep "hvm-kernel:"' 2>&1)
expect_in "$out" '^sleeping$'
expect_in "$out" '^gone$'
expect_in "$out" '^after: +futex +[1-9][0-9]* '
! grep -E '^after: +FUTEX_[A-Z_]+_PRIVATE [0-9]+$' <<< "$out" || fail "private futex calls forwarded after a killed program's waits"
expect_in "$out" '^same: futexes \(exit 0\)$'
expect_in "$out" "^hvm-kernel: running .* $HRT_VCPUS/$HRT_VCPUS cores up"
