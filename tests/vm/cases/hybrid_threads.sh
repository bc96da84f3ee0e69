# Threads of a hybrid program run on the HRT, more of them than HRT CPUs:
# mutex, barrier, condition variable, __thread TLS and join results behave
# exactly as in the native build. Threads that busy-wait for each other
# without system calls, two on one HRT CPU (preempt_spin.c), finish only
# because hvm-kernel preempts them on its timer, and keep their x87/SSE
# state and rounding modes across it; signals reach each spinning thread's
# handler; main's sleeps end while a thread spins
# on its CPU. Both with the ported calls native (the sleeps are hvm-kernel's
# timer's) and forwarded (Linux answers them). A hang ends by the program's
# own SIGALRM watchdog (then the builds differ), the case by VM_TIMEOUT.
need_hrt
VM_TIMEOUT=600
out=$(vm 'hybrid-compare threads; cat /tmp/cmp/threads-hybrid.out
hybrid-compare preempt_spin; cat /tmp/cmp/preempt_spin-hybrid.out
HVM_NATIVE=none hybrid-compare preempt_spin' 2>&1)
expect_in "$out" '^same: threads \(exit 0\)$'
expect_in "$out" '^thread 5: my TLS value 507, counter 12000$'
expect_in "$out" '^joined 6 threads, results sum 30, main.s TLS value -1$'
[ "$(grep -c "^same: preempt_spin (exit 0)$" <<< "$out")" = 2 ] ||
	fail "preempt_spin differs from its native build under HVM_NATIVE=all or none"
expect_in "$out" '^token went round 30 times, every thread held it each round: yes$'
expect_in "$out" '^spin loops. floating-point sums kept: yes$'
expect_in "$out" '^each thread.s rounding mode kept: yes$'
expect_in "$out" '^each spinning thread ran its SIGUSR1 handler 5 times: yes$'
expect_in "$out" '^main slept 5 times while the other threads spun: yes$'
