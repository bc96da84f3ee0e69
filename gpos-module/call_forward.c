// SPDX-License-Identifier: GPL-2.0
/*
 * What a running call asks of Linux (hvm/call.h, Forwarding and Threads):
 * its slot is HVM_SLOT_FORWARD with a request in its struct hvm_forward. A
 * page fault is resolved here, by the waiting thread, which is the
 * process; a system call is handed to the caller (the partner), which makes
 * it in user space and brings its result back with HVM_IOC_RESUME. Either
 * way Linux's answer goes back in the record and the call's CPU is woken
 * (kicked unless it polls its slots: kick.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "hvm_call.h"
#include "hvm_call_check.h"
#include "hvm_module.h"

static struct hvm_forward *shared_forward(unsigned int i)
{
	return hvm_slot_forward(hvm_hrt.part, i);
}

/* Hand Linux's answer to a call waiting in HVM_SLOT_FORWARD and wake its CPU. */
void hvm_forward_resume(unsigned int i, u64 ret)
{
	WRITE_ONCE(shared_forward(i)->ret, ret);
	hvm_publish(&hvm_slot(hvm_hrt.part, i)->state, HVM_SLOT_RESUMED);
	hvm_slot_wake_cpu(i);
	hvm_stages_posted(i);
}

/*
 * Slot i asks for Linux: resolve a page fault here and let the call go on
 * (returns CALL_PENDING), or return CALL_WANTS_LINUX for a system call the
 * caller must make in user space (hvm_forward_to_caller()). A fault whose
 * resolution a fatal signal ended stays unanswered: the caller's wait
 * sees the signal and stops the call.
 */
int hvm_forward_serve(unsigned int i, struct hvm_space_ctx *ctx)
{
	struct hvm_forward *fw = shared_forward(i);
	int err;

	if (!hvm_forward_is_fault(hvm_read_once(&fw->nr))) {
		hvm_stages_seen(i);
		return CALL_WANTS_LINUX;
	}
	err = hvm_space_fault(ctx, hvm_read_once(&fw->args[0]), hvm_read_once(&fw->args[1]));
	if (err != -EINTR)
		hvm_forward_resume(i, (u64)err);
	return CALL_PENDING;
}

/*
 * Slot i forwarded a system call: its record into @out for HVM_IOC_ANSWER;
 * false for a task-creating call, whose registers need the whole request.
 */
bool hvm_forward_answer(unsigned int i, struct hvm_forward *out)
{
	hvm_forward_copy(shared_forward(i), out);
	return !hvm_forward_carries_regs(out->nr);
}

/* Slot i forwarded a system call: fill req so the caller makes it. */
void hvm_forward_to_caller(unsigned int i, struct hvm_call_request *req)
{
	hvm_forward_to_request(shared_forward(i), hvm_slot_regs(hvm_hrt.part, i), req);
}
