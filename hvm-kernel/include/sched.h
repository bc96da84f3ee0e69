/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Threads of calls (kernel/sched.c): every call runs on a thread of its
 * own, one per call slot, with its own kernel stack, so a call that waits
 * for Linux parks and its CPU runs other calls meanwhile (hvm/call.h,
 * Multiplexing). A thread never moves to another CPU. Each CPU switches
 * between its scheduler (sched_loop(), on its boot stack) and its threads,
 * always with interrupts off; a thread that computes while others wait is
 * preempted after a time slice (kernel/preempt.c).
 */
#ifndef HVM_KERNEL_SCHED_H
#define HVM_KERNEL_SCHED_H

#include "kernel.h"
#include "arch/thread.h"

#define THREAD_FREE 0 /* no call: the slot's thread may start anew */
#define THREAD_RUNNING 1 /* the CPU's current thread */
#define THREAD_PARKED 2 /* waits for HVM_SLOT_RESUMED in its slot, or its wake flag */
#define THREAD_EXITED 3 /* its call ended: outcome and result say how */

/* Why a sleeping thread runs again (sched_sleep()). */
#define WAKE_NONE 0 /* it may not yet */
#define WAKE_DEADLINE 1 /* its wake-up time came */
#define WAKE_SIGNAL 2 /* Linux queued a signal for it (signal_kicked()) */
#define WAKE_EVENT 3 /* another thread set its wake flag (sched_wake_on()) */

/*
 * The thread of call slot @slot. The fields are written by the CPU the
 * thread belongs to, with interrupts off; seq and space by the call when it
 * starts (slot.c), the fault fields by forward.c.
 */
struct thread {
	struct arch_thread arch;
	unsigned int state; /* THREAD_* */
	unsigned int cpu; /* the CPU it runs on */
	unsigned int slot;
	__u32 seq; /* the slot's seq of the call it runs */
	unsigned int space; /* space id the call runs in */
	int outcome; /* CALL_*, once THREAD_EXITED */
	__u64 result; /* func's value, once THREAD_EXITED with CALL_DONE */
	__u64 fault_addr; /* last forwarded fault's address, FORWARD_NO_FAULT none */
	unsigned int fault_repeats; /* resolutions of fault_addr in a row */
	long fault_refusal; /* Linux's answer to the last fault: 0, -EFAULT, -EACCES */
	bool yielded; /* parked by sched_yield(): ready, slot still RUNNING */
	__u64 sigring; /* its signal ring in the program (hvm/signal.h), 0 none */
	__u32 sigkicks_seen; /* Linux's signal count for the slot when last looked */
	bool sigring_busy; /* the ring held requests when last looked */
	bool sleeping; /* parked by sched_sleep(), slot still RUNNING */
	__u64 wake_tsc; /* when a sleeping thread's deadline comes (TSC) */
	unsigned int wake_reason; /* WAKE_*: why sched_sleep() returned */
	const __u32 *wake_flag; /* sched_wake_on(): a sleep also ends when it is not 0 */
	void (*cancel)(unsigned int slot); /* sched_set_cancel(): undoes the waits it is in */
};

/* A fresh thread for slot @slot on this CPU, which will run entry(thread) first. */
struct thread *sched_new(unsigned int slot, void (*entry)(void *));

/* Scheduler: run @t until it parks or exits; true when it exited. */
bool sched_run(struct thread *t);

/* Scheduler: a thread of this CPU whose call Linux resumed, or NULL. */
struct thread *sched_next_resumed(void);

/* Scheduler, when nothing else is ready: a thread of this CPU that yielded, or NULL. */
struct thread *sched_next_yielded(void);

/* The thread of @slot if it is parked on this CPU, else NULL (an abort request names it). */
struct thread *sched_parked(unsigned int slot);

/* The thread's CPU no longer needs it: call before publishing its outcome. */
void sched_free(struct thread *t);

/*
 * The running thread: wait for Linux to resume its call while the CPU runs
 * others. Returns with the thread back in its space and its program state
 * restored; a space that died meanwhile ends the call instead.
 */
void sched_park(void);

/*
 * The running thread: let the CPU run its other ready calls (resumed or
 * newly posted ones, or other yielders) first; returns at once if none.
 */
void sched_yield(void);

/*
 * The running thread: park until the TSC reaches @wake_tsc (or an earlier
 * reason to wake, see sched_wake_reason() in sched.c), while the CPU runs
 * its other calls; returns the WAKE_* reason. The thread runs again when
 * the CPU is next free after that: at once if it is idle, woken by its
 * timer (sched_idle()), else once the running thread's slice ends
 * (kernel/preempt.c).
 */
unsigned int sched_sleep(__u64 wake_tsc);

/* The earliest deadline of this CPU's sleeping threads, SCHED_FOREVER none. */
__u64 sched_next_deadline(void);

/* Scheduler, with nothing to run: halt until an interrupt, waking in time for the earliest sleeper. */
void sched_idle(void);

/* A sleep that never times out: only a wake flag or a signal ends it. */
#define SCHED_FOREVER (~0ULL)

/*
 * From now on the running thread's sleeps also end, with WAKE_EVENT, when
 * *@woken is not 0 (NULL: no longer). The flag is the caller's; it cleared
 * it before anyone could set it, and whoever sets it (any CPU, with
 * hvm_publish) then calls sched_kick() for the thread's CPU.
 */
void sched_wake_on(const __u32 *woken);

/* Make every CPU in @cpus (bit n: CPU n) but this one look for ready threads. */
void sched_kick(__u64 cpus);

/*
 * While the running thread waits (sched_sleep(), or a system call Linux
 * makes), @cancel(slot) undoes what it waits in should its call be ended
 * before it runs again (sched_free()); NULL when it no longer waits.
 */
void sched_set_cancel(void (*cancel)(unsigned int slot));

/* The running thread's call ended: back to the scheduler for good. */
__noreturn void sched_exit(int outcome, __u64 result);

#endif /* HVM_KERNEL_SCHED_H */
