# Signal handlers of a hybrid program run when signals arrive (SIGALRM while
# main computes on the HRT and while it waits in pause(), SIGUSR1, SIGINT,
# SIGTERM, SIGCHLD); sigprocmask keeps a blocked signal pending. And they run
# where the program's threads run, on the HRT thread the signal is for, with
# Linux's signal frames (signal_frames.c): siginfo, ucontext, SA_RESTART,
# siglongjmp, the interrupted floating-point state kept, nesting order.
# The signals the program's own faults raise reach its handlers too
# (fault_signals.c: SIGSEGV, SIGFPE, SIGILL, SIGTRAP, sigaltstack, a handler
# installed before main); a blocked SIGSEGV still kills the process. So do
# libc's own crashes (libc_crash.c: musl's `hlt` on a corrupted heap is the
# SIGSEGV Linux gives for it, caught or fatal) and an uncaught ud2 (SIGILL).
# Masks (signal_masks.c) are the HRT thread's: rt_sigprocmask served by
# hvm-kernel (HVM_NATIVE=all) and forwarded (none) behave alike, and as
# natively: errors, pending signals, handler masks, sigwait, sigsuspend,
# inheritance, a process signal reaching the one thread that does not block
# it, a 1 ms timer never running inside a blocked section.
# Output and exit status are those of the native build.
need_hrt
VM_TIMEOUT=300
out=$(vm 'hybrid-compare signals; cat /tmp/cmp/signals-hybrid.out
hybrid-compare signal_frames; cat /tmp/cmp/signal_frames-hybrid.out
hybrid-compare fault_signals; cat /tmp/cmp/fault_signals-hybrid.out
hybrid-compare fault_signals blocked
hybrid-compare libc_crash; cat /tmp/cmp/libc_crash-hybrid.out
hybrid-compare libc_crash free
hybrid-compare libc_crash ud2
dmesg | sed -n "s/^\[[^]]*\] //; /libc_crash-/p"
for policy in all none; do
	HVM_NATIVE=$policy hybrid-compare signal_masks; sed "s/^/$policy: /" /tmp/cmp/signal_masks-hybrid.out
	HVM_NATIVE=$policy HVM_PROFILE=1 signal_masks-hybrid 2>&1 >/dev/null | grep -E "^ *rt_sigprocmask " |
		sed "s/^ */$policy profile: /"
done
true' 2>&1) || fail "the guest did not finish the signal programs within ${VM_TIMEOUT}s: $out"
expect_in "$out" '^same: signals \(exit 0\)$'
expect_in "$out" '^SIGALRM handler ran while main computed: yes$'
expect_in "$out" '^SIGUSR1 1, SIGINT 1, SIGTERM 1$'
expect_in "$out" '^blocked SIGUSR1: handled 1 times, pending 1$'
expect_in "$out" '^unblocked SIGUSR1: handled 2 times$'
expect_in "$out" '^pause\(\) ended by SIGALRM: handled 2 times$'
expect_in "$out" '^same: signal_frames \(exit 0\)$'
expect_in "$out" '^handler ran at the privilege level of main: yes$'
expect_in "$out" '^handler ran in main.s thread: yes, siginfo and ucontext: yes$'
expect_in "$out" '^pthread_kill: handler ran in the target thread: yes$'
expect_in "$out" '^SA_RESTART: read returned 1 \(data\)$'
expect_in "$out" '^no SA_RESTART: read returned -1 \(Interrupted system call\)$'
expect_in "$out" '^siglongjmp out of the handler, twice: 2$'
expect_in "$out" '^after a handler that changed the rounding mode: to nearest, 2/3 kept: yes$'
expect_in "$out" '^nanosleep ended by a handler: EINTR, time left: some$'
expect_in "$out" '^two pending signals ran in the order 12 10$'
expect_in "$out" '^same: fault_signals \(exit 0\)$'
expect_in "$out" '^null pointer: caught SIGSEGV, code 1, address 0$'
expect_in "$out" '^division by zero: caught SIGFPE, code 1$'
expect_in "$out" '^ud2: caught SIGILL, code 2$'
expect_in "$out" '^write to a read-only page: handler ran 1 time\(s\), code 2, at offset 100 of it, value 42$'
expect_in "$out" '^int3: SIGTRAP handled 1 time\(s\), went on after it$'
expect_in "$out" '^SA_ONSTACK handler ran on the sigaltstack: yes$'
expect_in "$out" '^handler installed before main ran where main runs: yes$'
expect_in "$out" '^same: fault_signals \(exit 139\)$'
expect_in "$out" '^same: libc_crash \(exit 0\)$'
expect_in "$out" '^round 2: SIGSEGV, si_code SI_KERNEL, si_addr null$'
expect_in "$out" '^same: libc_crash \(exit 139\)$'
expect_in "$out" '^same: libc_crash \(exit 132\)$'
# The kernel log tells of both builds' crashes alike (hvm.ko for the HRT's).
expect_in "$out" '^traps: libc_crash-nati\[[0-9]+\] general protection fault ip:[0-9a-f]+ sp:[0-9a-f]+ error:0'
expect_in "$out" '^traps: libc_crash-hybr\[[0-9]+\] general protection fault ip:[0-9a-f]+ sp:[0-9a-f]+ error:0 on HRT CPU [0-9]+$'
expect_in "$out" '^traps: libc_crash-nati\[[0-9]+\] trap invalid opcode ip:[0-9a-f]+ sp:[0-9a-f]+ error:0'
expect_in "$out" '^traps: libc_crash-hybr\[[0-9]+\] trap invalid opcode ip:[0-9a-f]+ sp:[0-9a-f]+ error:0 on HRT CPU [0-9]+$'
[ "$(grep -c "^same: signal_masks (exit 0)$" <<< "$out")" = 2 ] ||
	fail "signal_masks differs from its native build under HVM_NATIVE=all or none"
for policy in all none; do
	for line in 'SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK and the old sets: yes' \
		    'errors: size Invalid argument, how Invalid argument, how without a set 0, bad set Bad address' \
		    'bad old set: EFAULT after the mask changed: yes' 'SIGKILL and SIGSTOP never blocked: yes' \
		    'tgkill while blocked: handled 0, pending 1; handled once unblocked: 1' \
		    'kill while blocked: handled 0, pending 1; handled once unblocked: 1' \
		    'in the handler: its signal and sa_mask blocked: yes; after it: neither: yes' \
		    'SA_NODEFER: its signal not blocked in the handler: yes' \
		    'sigwait took SIGUSR2: yes, handler ran: 0' \
		    'sigsuspend: handler ran 1, returned -1 (Interrupted system call), mask back: yes' \
		    'a new thread has its creator.s mask: yes' 'a forked child has its parent.s mask: yes' \
		    'a process signal ran in the one thread that does not block it: yes' \
		    'SIGALRM ran 50 times, never inside a blocked section: yes'; do
		expect_in "$out" "^$policy: $(sed 's/[()]/\\&/g' <<< "$line")\$"
	done
done
# Profile rows: call, native count, its mean, forwarded count, its mean, total.
expect_in "$out" '^all profile: rt_sigprocmask +[1-9][0-9]* +[0-9.]+ +[0-9]+ '
expect_in "$out" '^none profile: rt_sigprocmask +0 +- +[1-9][0-9]* '
# Without a handler, the crash report still names the program's faulting
# address (looking the handler up in the action table may itself fault).
out=$(vm 'segfault-hybrid 2>&1; true' 2>&1)
expect_in "$out" 'page fault on HRT CPU [0-9]+ at rip 0x[0-9a-f]+ \(address 0, error 0x[0-9a-f]+\)'
