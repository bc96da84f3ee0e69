/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Signals of the program a call runs (hvm/signal.h says the protocol):
 * kernel/signal.c reads the running thread's signal ring, the arch code
 * (arch/x86_64/signal.c) builds the signal frames and serves rt_sigreturn.
 */
#ifndef HVM_KERNEL_SIGNAL_H
#define HVM_KERNEL_SIGNAL_H

#include <hvm/signal.h>

#include "kernel.h"

struct trap_frame;
struct thread;

/* No system call to make again: the program goes on where @f says. */
#define SIGNAL_NO_RESTART (-1L)

/* A new call's thread takes signals from the ring at @ring (0: none), as Linux gave it. */
void signal_attach(struct thread *t, __u64 ring);

/* The running thread has a signal queued for it (reads its ring: not on an IST stack). */
bool signal_pending(void);

/* @t may have a signal queued: the partition's count says so, no access to the program. */
bool signal_maybe_pending(const struct thread *t);

/*
 * Linux queued a signal for @t since it parked: for a thread parked in a
 * native system call, which should then end with -EINTR (or be made again
 * under SA_RESTART: signal_restartable()) so that signal_deliver() runs.
 */
bool signal_kicked(const struct thread *t);

/* The program's action for @sig if it is a handler (hvm/signal.h, Exceptions); else false. */
bool signal_action(int sig, struct hvm_sigaction *act);

/*
 * The running thread's signal mask (ring.mask, hvm/signal.h, Masks); false
 * when it takes no signals on the HRT (no ring: Linux keeps its mask).
 */
bool signal_mask_get(__u64 *mask);

/* Would @mask unblock what Linux's mask for the partner may hold pending? */
bool signal_mask_needs_linux(__u64 mask);

/* Make @mask (less SIGKILL, SIGSTOP) the running thread's; Linux takes it if it must. */
void signal_mask_set(__u64 mask);

/* Take the running thread's oldest queued signal into @req; false if none. */
bool signal_take(struct hvm_sigreq *req);

/*
 * May the system call @nr(@args), which returned -EINTR for a signal, be
 * made again when the handler's action has SA_RESTART? (Linux restarts
 * these; not a futex wait with a timeout.)
 */
bool signal_restartable(long nr, const __u64 args[6]);

/*
 * The running thread goes back to the program at @f: enter the handlers of
 * its queued signals first, if any (frames on the program's stack). @restart_nr:
 * the system call whose -EINTR @f holds, made again after an SA_RESTART
 * handler if signal_restartable(); or SIGNAL_NO_RESTART.
 */
void signal_deliver(struct trap_frame *f, long restart_nr);

/* A kick interrupted the program at @f (moved to the call's stack, trap.c): take its signals. */
void signal_interrupted(struct trap_frame *f);

/*
 * The program's code raised exception @f (with @cr2 for a page fault):
 * enter its handler for the signal Linux would send, true; false when it
 * has none (or blocks the signal): the call then faults.
 */
bool signal_exception(struct trap_frame *f, __u64 cr2);

/* rt_sigreturn at @f: the program's state from its signal frame, or the call's fault. */
void signal_return(struct trap_frame *f);

/* stack_t, as sigaltstack takes and reports it. */
struct signal_stack {
	__u64 sp;
	__s32 flags;
	__u32 pad;
	__u64 size;
};

/*
 * The thread's alternate signal stack as Linux keeps it (a forwarded
 * sigaltstack, its answer written below the red zone of the program's
 * stack at @sp); false when Linux would not say (arch/x86_64/signal.c).
 */
bool signal_altstack_get(__u64 sp, struct signal_stack *ss);

/*
 * Is @sp on @ss, as Linux's on_sig_stack() judges it: within it, and
 * never for a disabled or SS_AUTODISARM one.
 */
bool signal_on_altstack(const struct signal_stack *ss, __u64 sp);

#endif /* HVM_KERNEL_SIGNAL_H */
