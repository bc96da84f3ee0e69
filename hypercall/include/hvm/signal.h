/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Signals of hybrid programs: how a signal Linux delivers to a partner
 * thread reaches the handler the program installed, which runs on the
 * program's HRT thread, in its own stack and registers, as natively.
 *
 * The runtime installs, for every signal the program catches, a relay
 * handler of its own on Linux (no SA_RESTART, every signal blocked while it
 * runs). Linux delivers the signal to some partner thread; the relay
 * appends a struct hvm_sigreq (the program's handler, flags, restorer, the
 * mask the thread had before the signal, and the siginfo) to that
 * partner's signal ring, a struct hvm_sigring in the program's own memory,
 * publishes head + 1 and asks hvm.ko (HVM_IOC_SIGNAL) to kick the HRT CPU of
 * the partner's call. It then sets the mask the partner gets back when the
 * relay returns to the handler's mask (the old one, the action's sa_mask
 * and, without SA_NODEFER, the signal itself), exactly what Linux does for
 * the program's own handler natively.
 *
 * hvm-kernel learns the ring's address when the call starts (Linux writes
 * it into sigring[slot] of the partition, hvm/call.h, before the slot is
 * posted; 0 = the call takes no signals). It takes requests, tail first,
 * whenever the call's thread is about to go back to the program: at the
 * end of every system call, after a page fault Linux resolved, and when
 * the kick interrupts the program's code. For each it builds a Linux
 * x86-64 signal frame (struct rt_sigframe: return address = the
 * restorer, ucontext with the interrupted registers, the x87/SSE state
 * and the old mask, siginfo) on the program's stack below the red zone,
 * publishes tail + 1, and enters the handler (RDI = signal, RSI = &info,
 * RDX = &ucontext). The handler returns to the restorer, whose
 * rt_sigreturn hvm-kernel serves itself: it restores the registers and
 * x87/SSE state from the frame (the program may have changed them) and
 * has Linux restore the mask (a forwarded rt_sigprocmask). A handler that
 * siglongjmps out never returns there, as natively.
 *
 * A system call Linux made for the thread and that the signal interrupted
 * returns -EINTR to the partner (the relay has no SA_RESTART); when the
 * program's action has SA_RESTART and the call is one Linux restarts, the
 * frame's saved state re-executes the `syscall` instruction, so the call
 * is made again once the handler returned.
 *
 * Every field of the ring is in the program's memory: hvm-kernel reads it
 * with fault-safe loads and treats it as the program's own input (a bad
 * ring or frame ends the call, never the HRT).
 */
#ifndef HVM_SIGNAL_H
#define HVM_SIGNAL_H

#include "types.h"

#define HVM_SIGRING_LEN 8	/* requests a ring holds; a power of two */
#define HVM_SIGINFO_SIZE 128	/* sizeof(siginfo_t) on x86-64 */

/* One signal for the HRT thread, written by the relay before head moves past it. */
struct hvm_sigreq {
	__u32 signo;
	__u32 pad;
	__u64 handler;		/* the program's sa_handler / sa_sigaction */
	__u64 flags;		/* its sa_flags (SA_SIGINFO, SA_RESTART, SA_RESTORER, ...) */
	__u64 restorer;		/* its sa_restorer: where the handler returns */
	__u64 old_mask;		/* the thread's mask before the signal (uc_sigmask) */
	__u8 info[HVM_SIGINFO_SIZE];	/* siginfo_t as Linux gave it */
};

/* A partner thread's ring, in the program's memory. */
struct hvm_sigring {
	__u64 head;		/* the runtime publishes after writing req[head % LEN] */
	__u64 tail;		/* hvm-kernel publishes after taking req[tail % LEN] */
	__u64 pad[6];
	struct hvm_sigreq req[HVM_SIGRING_LEN];
};

_Static_assert(sizeof(struct hvm_sigreq) == 40 + HVM_SIGINFO_SIZE, "hvm_sigreq layout");
_Static_assert(__builtin_offsetof(struct hvm_sigring, req) == 64, "hvm_sigring layout");
_Static_assert((HVM_SIGRING_LEN & (HVM_SIGRING_LEN - 1)) == 0, "ring length is a power of two");

#endif /* HVM_SIGNAL_H */
