# A crash on one HRT core (test hook) while a hybrid program remaps and
# touches memory on another, ROUNDS times, each followed by 'hvmctl reboot':
# the program ends, within a bound, with multiverse-rt's clear message
# (exit 127); a native memory checker on Linux, cycling through fresh pages
# (so pages the dead programs freed are reused and checked), stays clean;
# afterwards dmesg is clean, hvm-kernel runs with every core and the next
# hybrid program runs correctly.
#
# How it fails without containment (a crash used to mark hvm-kernel CRASHED
# while the other cores ran on): the program's partner gets -EIO at once,
# the process exits and Linux frees its memory while core 0 may still be in
# the program's counting stretch, which runs with interrupts off (ring 0),
# so the shootdown IPI sent at exit cannot stop it and, the state being
# CRASHED, nothing waits for its answer. hvm-remap-loop counts in a page of
# a shared file, which outlives the process: a counter that still moves
# after the program ended is an HRT core running on the dead process's
# translations (seen in 3 of 5 tries with the old code); its private pages,
# freed meanwhile, are written too (the checker's, once reused).
#
# ROUNDS is 50 as the issue asks (ROUNDS=N in the environment for fewer):
# under TCG on a loaded 2-core host one round takes 1 to 2 s (the program's
# start, the crash, the reboot with its pings); the case took 50 to 90 s.
ROUNDS=${ROUNDS:-50}
VM_TIMEOUT=900
need_hrt
last=$((HRT_VCPUS - 1))
vm 'echo 1 > /sys/module/hvm/parameters/test_hooks && hvmctl reboot > /dev/null && hvm-call-test basic > /dev/null; dmesg -c > /dev/null'
mark=$(leak_mark) # as the case ends: rebooted, calls made
trap 'vm "echo 0 > /sys/module/hvm/parameters/test_hooks; hvmctl reboot" > /dev/null' EXIT
out=$(vm "true
hvm-mem-checker 32 > /tmp/checker.out 2>&1 & checker=\$!
ok=0
for i in \$(seq $ROUNDS); do
	rm -f /tmp/rl.out
	HVM_HEAP=0 HVM_CPU=0 timeout 60 hvm-remap-loop 50 /tmp/rl.counter > /tmp/rl.out 2>&1 & prog=\$!
	for t in \$(seq 200); do grep -q remapping /tmp/rl.out 2>/dev/null && break; sleep 0.05; done
	grep -q remapping /tmp/rl.out || { echo \"round \$i: the program did not start: \$(cat /tmp/rl.out)\"; kill -9 \$prog; break; }
	sleep 0.\$((RANDOM % 5)) # the crash lands in the remapping or the counting, at random
	hvmctl test-crash $last ud > /dev/null || echo \"round \$i: the crash was not injected\"
	wait \$prog; rc=\$?
	c1=\$(od -An -tu8 -N8 /tmp/rl.counter); sleep 0.3; c2=\$(od -An -tu8 -N8 /tmp/rl.counter)
	[ \"\$c1\" = \"\$c2\" ] || echo \"round \$i: COUNTER MOVED after the program ended: \$c1 -> \$c2\"
	if [ \$rc = 127 ] && grep -q 'main stopped on the HRT: hvm-kernel stopped under it' /tmp/rl.out; then
		ok=\$((ok + 1))
	else
		echo \"round \$i: exit \$rc: \$(cat /tmp/rl.out)\"
	fi
	[ \$i = 1 ] && { hvmctl status | grep -E 'hvm-kernel:|HRT vCPU'; hvmctl crash | head -1; }
	hvmctl reboot > /dev/null || { echo \"round \$i: reboot failed\"; break; }
done
echo \"rounds=\$ok\"
kill -TERM \$checker; wait \$checker; echo \"checker exit \$?\"; cat /tmp/checker.out
dmesg | grep -E 'BUG|Oops|WARNING|soft lockup|rcu.*stall' || echo 'dmesg clean'
dmesg | grep -c 'every HRT core was stopped'
timeout 2 true && echo responsive
hvmctl status | grep 'hvm-kernel:'
hvm-call-test basic | tail -1
hybrid-compare mmap_churn" 2>&1)
expect_in "$out" "^rounds=$ROUNDS\$"
! grep -E '^round ' <<< "$out" || fail "a round went wrong (above)"
# The first round's status: the crashed core says so, the other was stopped.
expect_in "$out" "^hvm-kernel: crashed \(boot [0-9]+\) on HRT core $last"
expect_in "$out" "hvm-kernel core CRASHED"
expect_in "$out" "hvm-kernel core stopped"
expect_in "$out" "^hvm-kernel crash in boot [0-9]+ on HRT core $last: .*invalid opcode"
expect_in "$out" '^checker exit 0$'
expect_in "$out" '^clean: [0-9]+ rounds'
expect_in "$out" '^dmesg clean$'
expect_in "$out" "^$ROUNDS\$"
expect_in "$out" '^responsive$'
expect_in "$out" "^hvm-kernel: running \(boot [0-9]+\), $HRT_VCPUS/$HRT_VCPUS cores up"
expect_in "$out" '^ok$'
expect_in "$out" '^same: mmap_churn \(exit 0\)$'
# Nothing of the crashed rounds is left: live objects back to zero, no core lost.
# MemAvailable swings by tens of MB after hybrid runs that use the HRT heap
# (see oom.sh), so the margin is oom's; a lost round's pages would be more.
LEAK_MEM_MARGIN_KB=81920 expect_no_leaks "$mark"
