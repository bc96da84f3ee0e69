/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure helpers of the merged address space and the call protocol
 * (space_sync.c): no kernel calls, compiled into hvm.ko and the host unit
 * tests.
 */
#ifndef HVM_SPACE_H
#define HVM_SPACE_H

#include <hvm/call.h>
#include <hvm/ioctl.h>

#include "hvm_pure.h"

#define HVM_PTE_PRESENT 0x1ULL
#define HVM_PTE_NX (1ULL << 63)
#define HVM_LOWER_HALF_END 0x0000800000000000ULL	/* 4-level paging */

/*
 * Copy the HVM_LOWER_PML4_ENTRIES lower-half entries of a process's
 * top-level table into the shared copy, with NX cleared (KPTI sets it on
 * the kernel copy of user entries; lower levels keep their own NX). Each
 * source entry is read once. Returns how many entries changed.
 */
unsigned int hvm_pml4_sync(const __u64 *src, __u64 *dst);

/* Non-zero when [addr, addr + len) lies in the lower half. */
int hvm_lower_half(__u64 addr, __u64 len);

#define HVM_SLOT_PENDING 1	/* not finished yet */
#define HVM_SLOT_WANTS_LINUX 2	/* HVM_SLOT_FORWARD: waits for Linux */
#define HVM_SLOT_INTERRUPTED 3	/* the waiting thread has a signal to handle */

#define HVM_SLOT_PENDING 1	/* not finished yet */
#define HVM_SLOT_WANTS_LINUX 2	/* HVM_SLOT_FORWARD: waits for Linux */
#define HVM_SLOT_INTERRUPTED 3	/* the waiting thread has a signal to handle */

/*
 * What a slot the HRT wrote means for the caller: 0 (done), -EFAULT,
 * -EINTR (aborted), HVM_SLOT_WANTS_LINUX, or HVM_SLOT_PENDING. A state that
 * is not a known one, or a finished state whose done_seq is not the call's
 * seq, means "not finished": the caller keeps waiting until its timeout.
 */
int hvm_slot_status(__u32 state, __u32 done_seq, __u32 seq);

/* Non-zero for system calls that create a task (clone, fork, vfork, clone3). */
static inline int hvm_creates_task(__u64 nr)
{
	return nr == 56 || nr == 57 || nr == 58 || nr == 435;
}

/* NULL when a call request can be posted to nr_cpus HRT CPUs, else why not. */
const char *hvm_call_problem(const struct hvm_call_request *req, __u32 nr_cpus);

#endif /* HVM_SPACE_H */
