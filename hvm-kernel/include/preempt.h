/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Preemption of program threads on the local APIC timer (kernel/preempt.c).
 * All of it runs on the thread's own CPU with interrupts off: from
 * sched_run() as a thread gets the CPU, from the trap code when an
 * interrupt stopped the program's code, and as a system call returns.
 */
#ifndef HVM_KERNEL_PREEMPT_H
#define HVM_KERNEL_PREEMPT_H

#include "kernel.h"

/* sched_run(): the thread about to run gets a new slice; arm the timer if it needs one. */
void preempt_start(void);

/*
 * The running thread is at a point where it may park: true when its slice
 * is over and other work of its CPU waits, so it should park as yielded
 * (preempt_yield()); else the timer is armed for when that may change (its
 * slice's end, or the earliest sleeper's deadline), or left alone when
 * nothing else can run. @kicked: an IPI came, which may mean a call newly
 * posted to this CPU (looking for one costs a pass over the slots).
 */
bool preempt_due(bool kicked);

/* The running thread parks as yielded (sched_yield()); returns when it runs again. */
void preempt_yield(void);

/*
 * Arm this CPU's timer for TSC @tsc (sched_idle(), preempt.c), unless it
 * already fires earlier; preempt_timer_fired() from its interrupt.
 */
void preempt_timer_arm(__u64 tsc);
void preempt_timer_fired(void);

#endif /* HVM_KERNEL_PREEMPT_H */
