/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Futex wait queues of the HRT (kernel/futex.c), for the process-private
 * futexes of programs whose threads all run here: a waiter is keyed by
 * (address space, user address), sleeps on its own CPU (sched_sleep()) and
 * is woken from any CPU. Everything runs with interrupts off on the
 * calling thread (a system call handler, kernel/syscalls/futex.c), whose
 * space and slot say whose futex it is. Addresses are the program's: the
 * caller checked they are 4-byte aligned words of the lower half.
 *
 * Private waits Linux makes for the program (a timed wait while the HRT
 * cannot read the clock) are counted per space between
 * futex_linux_wait_begin() and _end(); while any runs, the caller has
 * Linux repeat each wake and requeue, so such a waiter is not missed.
 */
#ifndef HVM_KERNEL_FUTEX_H
#define HVM_KERNEL_FUTEX_H

#include "kernel.h"

/* The end of a timed wait: when clock @clock (CLOCK_MONOTONIC or CLOCK_REALTIME) reads @target ns. */
struct futex_deadline {
	int clock;
	__u64 target;
};

/*
 * If the word at @uaddr still holds @val, sleep until a wake whose bitset
 * shares a bit with @bitset names it: 0; -EAGAIN when the word differs,
 * -EFAULT when it cannot be read, -EINTR when a signal for the thread came
 * first, -ETIMEDOUT when @deadline (NULL: none) came first. The check and
 * the enqueue are atomic against wakers.
 */
int futex_wait(__u64 uaddr, __u32 val, __u32 bitset, const struct futex_deadline *deadline);

/* Wake up to @nr (at least one) waiters on @uaddr whose bitset meets @bitset: how many. */
int futex_wake(__u64 uaddr, int nr, __u32 bitset);

/*
 * Wake up to @nr_wake waiters on @uaddr and move up to @nr_requeue more to
 * @uaddr2: how many were woken or moved; -EINVAL for a negative count.
 * With @cmpval (FUTEX_CMP_REQUEUE) only if the word at @uaddr holds
 * *cmpval, else -EAGAIN; -EFAULT when it cannot be read.
 */
int futex_requeue(__u64 uaddr, __u64 uaddr2, int nr_wake, int nr_requeue, const __u32 *cmpval);

/* The running thread has Linux make a private futex wait for it (see above). */
void futex_linux_wait_begin(void);
void futex_linux_wait_end(void);

/* Does Linux make a private futex wait of the running thread's process now? */
bool futex_linux_waits(void);

#endif /* HVM_KERNEL_FUTEX_H */
