# Many threads of a hybrid program start at once (their partners take
# signal rings at the same moment) and each takes the queued signals sent
# to it, in its own handler run in that very thread: none lost, none in
# another thread (thread_signals.c), as in its native build; five runs.
# And a storm of them (thread_signals 1 4 100: 4 threads, 100 rounds): a
# neighbour's signal often comes while the thread enters the handler of
# its own, which blocks it; hvm-kernel then hands it back to Linux, where
# it must stay pending for that thread, not go to the process; five runs.
need_hrt
VM_TIMEOUT=500
out=$(vm 'for run in 1 2 3 4 5; do
	hybrid-compare thread_signals; cat /tmp/cmp/thread_signals-hybrid.out
	hybrid-compare thread_signals 1 4 100; sed "s/^/storm: /" /tmp/cmp/thread_signals-hybrid.out
done
true' 2>&1) || fail "the guest did not finish thread_signals within ${VM_TIMEOUT}s: $out"
[ "$(grep -c '^same: thread_signals (exit 0)$' <<< "$out")" = 10 ] ||
	fail "thread_signals differs from its native build: $out"
[ "$(grep -c '^signals handled: 320 of 320, in another thread: 0$' <<< "$out")" = 5 ] ||
	fail "a signal was lost or ran in another thread: $out"
expect_in "$out" '^threads that handled all their signals: 64 of 64$'
[ "$(grep -c '^storm: signals handled: 2000 of 2000, in another thread: 0$' <<< "$out")" = 5 ] ||
	fail "in the storm, a signal was lost or ran in another thread: $out"
expect_in "$out" '^storm: threads that handled all their signals: 4 of 4$'
