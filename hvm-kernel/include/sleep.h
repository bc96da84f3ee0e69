/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Sleeping system calls (kernel/sleep.c): nanosleep and clock_nanosleep. */
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

#endif /* HVM_KERNEL_SLEEP_H */
