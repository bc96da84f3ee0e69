// SPDX-License-Identifier: GPL-2.0
/*
 * The call protocol's decisions on values hvm.ko did not write itself
 * (hvm_call_check.h). Pure: compiled into hvm.ko and the host unit tests.
 */
#include <hvm/barrier.h>

#include "hvm_call_check.h"

int hvm_slot_status(__u32 state, __u32 state_seq, __u32 seq)
{
	if (state_seq != seq)
		return CALL_PENDING;
	switch (state) {
	case HVM_SLOT_DONE:
		return 0;
	case HVM_SLOT_FAULTED:
		return -EFAULT;
	case HVM_SLOT_ABORTED:
		return -EINTR;
	case HVM_SLOT_FORWARD:
		return CALL_WANTS_LINUX;
	default:
		return CALL_PENDING;
	}
}

int hvm_call_unfinished(int outcome)
{
	return outcome > 0;
}

int hvm_forward_is_fault(__u64 nr)
{
	return nr == HVM_FORWARD_FAULT;
}

void hvm_forward_copy(const struct hvm_forward *fw, struct hvm_forward *out)
{
	unsigned int a;

	out->nr = hvm_read_once(&fw->nr);
	for (a = 0; a < 6; a++)
		out->args[a] = hvm_read_once(&fw->args[a]);
	out->ret = 0;
}

void hvm_forward_to_request(const struct hvm_forward *fw, const struct hvm_regs *regs,
			    struct hvm_call_request *req)
{
	req->nr_cpus = 1;
	req->status[0] = HVM_CALL_FORWARDED;
	hvm_forward_copy(fw, &req->forward);
	/* A task-creating call: the caller needs the thread's registers for the child. */
	if (hvm_forward_carries_regs(req->forward.nr))
		memcpy(&req->regs, regs, sizeof(req->regs));
}

void hvm_text_sanitize(char *text, __u32 size)
{
	__u32 n;

	if (!size)
		return;
	for (n = 0; n < size - 1 && text[n]; n++)
		if ((unsigned char)text[n] < 0x20 || (unsigned char)text[n] > 0x7e)
			text[n] = '?';
	text[n] = 0;
}

void hvm_crash_sanitize(struct hvm_crash_record *rec, __u32 cpu)
{
	hvm_text_sanitize(rec->reason, sizeof(rec->reason));
	if (rec->nr_frames > HVM_CRASH_MAX_FRAMES)
		rec->nr_frames = HVM_CRASH_MAX_FRAMES;
	rec->cpu = cpu;
}

int hvm_lower_half(__u64 addr, __u64 len)
{
	return addr < HVM_LOWER_HALF_END && len <= HVM_LOWER_HALF_END - addr;
}

/* A thread's start registers: rip, rsp and FS base in the lower half. */
static const char *regs_problem(const struct hvm_call_request *req)
{
	const struct hvm_regs *r = &req->regs;

	if (req->cpu == HVM_CALL_ALL)
		return "a thread starts on one HRT CPU, not on all";
	if (!r->rip || !hvm_lower_half(r->rip, 1) || !hvm_lower_half(r->rsp - 1, 1) ||
	    r->rsp < 4096)
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
	if (req->cpu != HVM_CALL_ALL && req->cpu != HVM_CALL_ANY && req->cpu >= nr_cpus)
		return "no such HRT CPU";
	if (req->flags & HVM_CALL_FROM_REGS)
		return regs_problem(req);
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
		lowest_stack = hvm_call_stack_top(req, nr_cpus - 1);
	}
	if (!hvm_lower_half(lowest_stack - 1, 1) || !hvm_lower_half(req->stack_top - 1, 1) ||
	    lowest_stack < 4096)
		return "the stack is not in the process's lower half";
	return 0;
}

__u64 hvm_call_stack_top(const struct hvm_call_request *req, __u32 cpu)
{
	return req->stack_top - (req->cpu == HVM_CALL_ALL ? cpu * req->stack_stride : 0);
}

int hvm_ticket_valid(__u64 ticket)
{
	return ticket <= 0xffffffffULL;
}
