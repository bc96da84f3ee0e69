/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * System-call profiles (kernel/profile.c), layout and rules in
 * hvm/profile.h: per space and system call, calls served here and calls
 * Linux made, with the TSC ticks they took.
 */
#ifndef HVM_KERNEL_PROFILE_H
#define HVM_KERNEL_PROFILE_H

#include "kernel.h"

/*
 * The running thread's system call @nr returned; it started at TSC
 * @start and was served here (@forwarded false) or by Linux.
 */
void profile_syscall(__u64 nr, bool forwarded, __u64 start);

#endif /* HVM_KERNEL_PROFILE_H */
