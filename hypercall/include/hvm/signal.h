/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Signals of hybrid programs: how a signal Linux delivers to a partner
 * thread reaches the handler the program installed, which runs on the
 * program's HRT thread, in its own stack and registers, as natively.
 *
 * The runtime installs, for every signal the program catches, a relay
 * handler of its own on Linux (no SA_RESTART, every signal blocked while it
 * runs). Linux delivers the signal to some partner thread; the relay
 * appends a struct hvm_sigreq (the program's handler, flags, restorer and
 * sa_mask, and the siginfo) to that partner's signal ring, a struct
 * hvm_sigring in the program's own memory, publishes head + 1 and asks
 * hvm.ko (HVM_IOC_SIGNAL) to kick the HRT CPU of the partner's call.
 *
 * hvm-kernel learns the ring's address when the call starts (Linux writes
 * it into sigring[slot] of the partition, hvm/call.h, before the slot is
 * posted; 0 = the call takes no signals). It takes requests, tail first,
 * whenever the call's thread is about to go back to the program: at the
 * end of every system call, after a page fault Linux resolved, and when
 * the kick interrupts the program's code. For each it builds a Linux
 * x86-64 signal frame (struct rt_sigframe: return address = the
 * restorer, ucontext with the interrupted registers, the x87/SSE/AVX state
 * and the old mask, siginfo) on the program's stack below the red zone,
 * publishes tail + 1, and enters the handler (RDI = signal, RSI = &info,
 * RDX = &ucontext) with the handler's mask. The handler returns to the
 * restorer, whose rt_sigreturn hvm-kernel serves itself: it restores the
 * registers, x87/SSE/AVX state and mask from the frame (the program may have
 * changed them). A handler that siglongjmps out never returns there, as
 * natively.
 *
 * Masks. The thread's signal mask is ring.mask, and hvm-kernel owns it
 * while the call runs: rt_sigprocmask, handler entry and rt_sigreturn
 * change it there without Linux. Linux's mask for the partner follows it
 * lazily: before the partner makes a forwarded call it gives Linux
 * ring.mask (so a blocking call, sigwait, ppoll, clone and fork see the
 * thread's mask), and it keeps ring.linux_mask no smaller than what
 * Linux's mask blocks. Two rules keep every signal right in between:
 *  - Linux's mask may be smaller than the thread's (a signal blocked
 *    natively since the last forwarded call): the relay, seeing the signal
 *    blocked in ring.mask while the partner waits, gives Linux ring.mask
 *    and raises the signal again: for the partner's thread if it was sent
 *    to it (SI_TKILL, or SI_QUEUE from the program's own pid), else for
 *    the process, where Linux picks a thread
 *    that does not block it or keeps it pending. hvm-kernel does the same
 *    for a request it takes while ring.mask blocks it, unless the request
 *    says HVM_SIGREQ_UNMASKED (it came during a forwarded call that sets a
 *    mask of its own: sigsuspend, ppoll, pselect6, epoll_pwait).
 *  - Linux's mask may be larger (blocked during a forwarded call, unblocked
 *    natively since): a native unblocking of anything ring.linux_mask holds
 *    goes to Linux (a forwarded rt_sigprocmask that only synchronises), so
 *    Linux delivers what it held pending.
 *
 * A system call Linux made for the thread and that the signal interrupted
 * returns -EINTR to the partner (the relay has no SA_RESTART); when the
 * program's action has SA_RESTART and the call is one Linux restarts, the
 * frame's saved state re-executes the `syscall` instruction, so the call
 * is made again once the handler returned.
 *
 * Exceptions. When the program's own code raises an exception on the HRT
 * (a page fault Linux could not resolve, a general protection fault, an
 * invalid opcode, a divide error, int3, ...), hvm-kernel looks up the
 * signal Linux would send (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP) in
 * the program's action table, which the runtime keeps at ring.actions
 * (struct hvm_sigaction[HVM_SIG_ACTIONS], indexed by signal number, the
 * program's own actions as it set them). With a handler there, and the
 * signal not blocked in ring.mask, it enters the handler with the
 * siginfo and ucontext Linux would give (si_addr, trapno, error code,
 * cr2), so a handler that fixes the cause (mprotect, a mapping) and
 * returns makes the instruction run again, as natively. Without one, the
 * call ends as a fault and the process with SIGSEGV. SA_ONSTACK handlers
 * run on the thread's sigaltstack (read from Linux with a forwarded
 * sigaltstack).
 *
 * Every field of the ring is in the program's memory: hvm-kernel reads it
 * with fault-safe loads and treats it as the program's own input (a bad
 * ring or frame ends the call, never the HRT).
 */
#ifndef HVM_SIGNAL_H
#define HVM_SIGNAL_H

/*
 * A forwarded call's result when the partner did not make it: a signal was
 * queued for the thread before the call could start (Linux's
 * ERESTARTNOINTR). hvm-kernel enters the handler first, and the call is
 * made again when the handler returned, as when Linux delivers a signal
 * just before a system call.
 */
#define HVM_FORWARD_RESTART 513

/*
 * The byte that stands for `hlt` (f4) in the libc of programs linked by
 * mv-cc (multiverse-rt/tools/hrt-libc). musl crashes a process on purpose
 * with `hlt` (a_crash: a corrupted heap, a smashed stack), which faults in
 * ring 3 (#GP, SIGSEGV); program code runs in ring 0 on the HRT, where
 * `hlt` only waits for the next interrupt and the program would go on.
 * 0xd6 has no meaning in 64-bit mode and raises #UD; hvm-kernel takes a #UD
 * at this byte as the #GP Linux raises for `hlt`. One byte, as `hlt` is, so
 * no code moves.
 */
#define HVM_HLT_MARKER 0xd6

#ifndef __ASSEMBLER__

#include "types.h"

/*
 * The signal Linux sends a process whose user code raised x86 exception
 * @vector (arch/x86/kernel/traps.c, fault.c), 0 for vectors it never turns
 * into a signal so: hvm-kernel delivers it to the program's handler, the
 * runtime kills the process with it when there is none.
 */
static inline int hvm_exception_signal(__u64 vector)
{
	switch (vector) {
	case 0: /* #DE */
	case 16: /* #MF */
	case 19: /* #XM */
		return 8; /* SIGFPE */
	case 3: /* #BP */
		return 5; /* SIGTRAP */
	case 6: /* #UD */
		return 4; /* SIGILL */
	case 13: /* #GP */
	case 14: /* #PF */
		return 11; /* SIGSEGV */
	case 17: /* #AC */
		return 7; /* SIGBUS */
	default:
		return 0;
	}
}

#define HVM_SIGRING_LEN 8 /* requests a ring holds; a power of two */
#define HVM_SIGINFO_SIZE 128 /* sizeof(siginfo_t) on x86-64 */

/* One signal for the HRT thread, written by the relay before head moves past it. */
struct hvm_sigreq {
	__u32 signo;
	__u32 how; /* HVM_SIGREQ_* */
	__u64 handler; /* the program's sa_handler / sa_sigaction */
	__u64 flags; /* its sa_flags (SA_SIGINFO, SA_RESTART, SA_RESTORER, ...) */
	__u64 restorer; /* its sa_restorer: where the handler returns */
	__u64 action_mask; /* its sa_mask: blocked while the handler runs */
	__u8 info[HVM_SIGINFO_SIZE]; /* siginfo_t as Linux gave it */
};

/* hvm_sigreq.how: Linux let it through a forwarded call's own mask: deliver it. */
#define HVM_SIGREQ_UNMASKED 1u

#define HVM_SIG_ACTIONS 65 /* signals 1..64, index 0 unused */

/* SIGKILL (9) and SIGSTOP (19): never in a mask, hvm-kernel's or Linux's. */
#define HVM_SIG_UNBLOCKABLE (1ull << (9 - 1) | 1ull << (19 - 1))

/* A signal action as the program set it with rt_sigaction (Linux's layout). */
struct hvm_sigaction {
	__u64 handler; /* 0 SIG_DFL, 1 SIG_IGN, else the handler */
	__u64 flags;
	__u64 restorer;
	__u64 mask;
};

/* A partner thread's ring, in the program's memory. */
struct hvm_sigring {
	__u64 head; /* the runtime publishes after writing req[head % LEN] */
	__u64 tail; /* hvm-kernel publishes after taking req[tail % LEN] */
	__u64 actions; /* the runtime: its struct hvm_sigaction table, 0 none */
	__u64 mask; /* the thread's signal mask: hvm-kernel's while the call runs */
	__u64 linux_mask; /* the runtime: all that Linux's mask for the partner may block */
	__u64 pad[3];
	struct hvm_sigreq req[HVM_SIGRING_LEN];
};

_Static_assert(sizeof(struct hvm_sigreq) == 40 + HVM_SIGINFO_SIZE, "hvm_sigreq layout");
_Static_assert(__builtin_offsetof(struct hvm_sigring, req) == 64, "hvm_sigring layout");
_Static_assert(sizeof(struct hvm_sigaction) == 32, "hvm_sigaction is Linux's struct sigaction");
_Static_assert((HVM_SIGRING_LEN & (HVM_SIGRING_LEN - 1)) == 0, "ring length is a power of two");

#endif /* __ASSEMBLER__ */

#endif /* HVM_SIGNAL_H */
