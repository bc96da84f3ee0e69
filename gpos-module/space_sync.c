// SPDX-License-Identifier: GPL-2.0
/*
 * Pure helpers of the merged address space and the call protocol (see
 * hvm_space.h and hvm/call.h). Compiled into hvm.ko and the unit tests.
 */
#include <hvm/barrier.h>

#include "hvm_space.h"

unsigned int hvm_pml4_sync(const __u64 *src, __u64 *dst)
{
	unsigned int i, changed = 0;

	for (i = 0; i < HVM_LOWER_PML4_ENTRIES; i++) {
		__u64 e = hvm_read_once(&src[i]);

		if (e & HVM_PTE_PRESENT)
			e &= ~HVM_PTE_NX;
		else
			e = 0;
		if (dst[i] != e) {
			dst[i] = e;
			changed++;
		}
	}
	return changed;
}

int hvm_lower_half(__u64 addr, __u64 len)
{
	return addr < HVM_LOWER_HALF_END && len <= HVM_LOWER_HALF_END - addr;
}

int hvm_slot_status(__u32 state, __u32 done_seq, __u32 seq)
{
	if (state == HVM_SLOT_FORWARD)
		return HVM_SLOT_WANTS_LINUX;
	if (done_seq != seq && state != HVM_SLOT_ABORTED)
		return HVM_SLOT_PENDING;
	switch (state) {
	case HVM_SLOT_DONE:
		return 0;
	case HVM_SLOT_FAULTED:
		return -EFAULT;
	case HVM_SLOT_ABORTED:
		return -EINTR;
	default:
		return HVM_SLOT_PENDING;
	}
}

/* A thread's start registers: rip, rsp and FS base in the lower half. */
static const char *regs_problem(const struct hvm_call_request *req)
{
	const struct hvm_regs *r = &req->regs;

	if (req->cpu == HVM_CALL_ALL)
		return "a thread starts on one HRT CPU, not on all";
	if (!r->rip || !hvm_lower_half(r->rip, 1) || !hvm_lower_half(r->rsp - 1, 1) || r->rsp < 4096)
		return "the thread's rip or rsp is not in the process's lower half";
	if (r->fs_base && !hvm_lower_half(r->fs_base, 1))
		return "the thread's FS base is not in the process's lower half";
	return 0;
}

const char *hvm_call_problem(const struct hvm_call_request *req, __u32 nr_cpus)
{
	__u64 lowest_stack = req->stack_top;

	if (req->flags & ~(__u32)(HVM_CALL_ASYNC | HVM_CALL_SLEEP | HVM_CALL_FROM_REGS))
		return "unknown flags";
	if (req->cpu != HVM_CALL_ALL && req->cpu >= nr_cpus)
		return "no such HRT CPU";
	if (req->flags & HVM_CALL_FROM_REGS)
		return regs_problem(req);
	if (req->cpu != HVM_CALL_ALL && req->cpu >= nr_cpus)
		return "no such HRT CPU";
	if (!req->func || !hvm_lower_half(req->func, 1))
		return "the function is not in the process's lower half";
	if (req->fs_base && !hvm_lower_half(req->fs_base, 1))
		return "the FS base is not in the process's lower half";
	if (req->stack_top & 15)
		return "the stack top is not 16-byte aligned";
	if (req->cpu == HVM_CALL_ALL && nr_cpus > 1) {
		if (req->stack_stride < 256 || req->stack_stride & 15 ||
		    req->stack_stride > req->stack_top / (nr_cpus - 1))
			return "the stack stride does not give every CPU its own stack";
		lowest_stack = req->stack_top - (nr_cpus - 1) * req->stack_stride;
	}
	if (!hvm_lower_half(lowest_stack - 1, 1) || !hvm_lower_half(req->stack_top - 1, 1) ||
	    lowest_stack < 4096)
		return "the stack is not in the process's lower half";
	return 0;
}
