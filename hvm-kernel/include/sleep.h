/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Sleeping system calls (kernel/sleep.c): nanosleep and clock_nanosleep; timed futex waits use it too. */
#ifndef HVM_KERNEL_SLEEP_H
#define HVM_KERNEL_SLEEP_H

#include "kernel.h"

/*
 * Sleep on clock @id (CLOCK_REALTIME or CLOCK_MONOTONIC) for the struct
 * timespec at @req, relative, or until it (@absolute); @rem receives the
 * time left of an interrupted relative sleep, as Linux's nanosleep. False
 * when the HRT cannot read the clock now: forward the call.
 */
bool sleep_serve(int id, bool absolute, __u64 req, __u64 rem, long *ret);

/* Linux's KTIME_MAX: timespecs beyond it mean "for ever". */
#define KTIME_MAX 0x7fffffffffffffffULL

struct kernel_timespec;

/* @ts in ns, saturated at KTIME_MAX (timespec64_to_ktime()). */
__u64 sleep_ns(const struct kernel_timespec *ts);

/*
 * Park the running thread until clock @id (CLOCK_REALTIME or
 * CLOCK_MONOTONIC) reads @target ns; the WAKE_* reason that ended the
 * sleep (sched.h: its wake flag, a signal, or WAKE_DEADLINE).
 */
unsigned int sleep_until(int id, __u64 target);

#endif /* HVM_KERNEL_SLEEP_H */
