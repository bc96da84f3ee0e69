# kill -9 storm: a hybrid victim (tests/hybrid/kill_victim.c) is killed
# after a random 0-50 ms, RUNS times, in four modes taken in turn: in
# forwarded page faults (fresh pages of a big mapping), in a forwarded
# blocking read (a pipe nobody writes), in native futex sleeps on the HRT
# (HVM_NATIVE=all) and all of them at once. Each dies of SIGKILL (137)
# within 2 s and the next one starts and gets ready (hvm-kill-storm). At
# the end Linux is clean and whole: no kernel warning, no CPU stopped with
# INIT, available memory (AVAILABLE_KB_CMD: MemAvailable and the per-CPU
# free lists) back within a margin, every HRT core up, calls work.
need_hrt
VM_TIMEOUT=600
RUNS=200
# Pages a run may leave behind in caches that drop_caches does not free.
MEM_MARGIN_KB=16384
# A short storm first: the kernel's first runs keep some pages for good
# (per-CPU lists, caches), which is not what is measured.
vm "hvm-kill-storm 8 kill_victim-hybrid fault block futex mixed | tail -1; dmesg -c > /dev/null" > /dev/null
mark=$(leak_mark)
out=$(vm "sync; echo 3 > /proc/sys/vm/drop_caches
echo before \$($AVAILABLE_KB_CMD) \$(grep MemAvailable /proc/meminfo)
hvm-kill-storm $RUNS kill_victim-hybrid fault block futex mixed
sync; echo 3 > /proc/sys/vm/drop_caches
echo after \$($AVAILABLE_KB_CMD) \$(grep MemAvailable /proc/meminfo)
hvm-call-test basic | tail -1
hvmctl status | grep '^hvm-kernel:'
dmesg | grep -E 'BUG|Oops|WARNING|soft lockup|rcu.*stall|stopping it with INIT' || echo 'dmesg clean'" 2>&1)
for mode in fault block futex mixed; do
	expect_in "$out" "^$mode: $((RUNS / 4)) runs, each exit status 137, gone within 2000 ms"
done
expect_in "$out" '^ok$'
expect_in "$out" "^hvm-kernel: running .* $HRT_VCPUS/$HRT_VCPUS cores up"
expect_in "$out" '^dmesg clean$'
before=$(sed -n 's/^before \([0-9]*\) MemAvailable: .*$/\1/p' <<< "$out")
after=$(sed -n 's/^after \([0-9]*\) MemAvailable: .*$/\1/p' <<< "$out")
[ -n "$before" ] && [ -n "$after" ] || { echo "$out"; fail "available memory not read"; }
[ $((before - after)) -le $MEM_MARGIN_KB ] ||
	fail "available memory fell by $((before - after)) kB over $RUNS killed runs (margin $MEM_MARGIN_KB kB): a leak? ($(grep -E '^(before|after) ' <<< "$out" | tr '\n' ' '))"
echo "available memory before $before kB, after $after kB ($(grep -E '^(before|after) ' <<< "$out" | tr '\n' ' '))"
# hvm.ko's and hvm-kernel's live objects (busy slots, merged spaces,
# pending tickets, HRT threads) back to zero, no INIT sent.
expect_no_leaks "$mark"
