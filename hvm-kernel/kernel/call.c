// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ROS -> HRT calls (hvm/call.h): once up, every CPU loops here with
 * interrupts off, looking for a slot posted to it. It claims the slot with a
 * compare-and-swap (Linux may cancel the same slot with one), runs the call
 * inside the slot's address space on the CPU's own kernel stack (never from
 * an interrupt handler), publishes the outcome and goes on with the next.
 * With nothing to do it halts until an interrupt: a kick for a new call,
 * a mailbox command, a shootdown. While a call runs, its system calls and
 * page faults may pass through Linux (kernel/forward.c) and back.
 */
#include <hvm/barrier.h>
#include <hvm/call.h>

#include "arch.h"
#include "bootinfo.h"
#include "call.h"
#include "forward.h"
#include "kernel.h"
#include "memlayout.h"
#include "percpu.h"
#include "space.h"

/* The request fields of a slot, each read once after the claim. */
struct call_request {
	__u32 seq;
	__u32 space;
	__u64 func;
	__u64 arg;
	__u64 stack_top;
	__u64 fs_base;
};

static const __u32 call_slot_state[] = {
	[CALL_DONE] = HVM_SLOT_DONE,
	[CALL_FAULTED] = HVM_SLOT_FAULTED,
	[CALL_ABORTED] = HVM_SLOT_ABORTED,
};

struct hvm_call_slot *call_slot_get(unsigned int i)
{
	return (struct hvm_call_slot *)PARTITION_PTR(HVM_SLOT_OFFSET) + i;
}

/* A slot posted to this CPU, round-robin from where the last search stopped; -1 if none. */
static int call_find(struct percpu *p)
{
	for (unsigned int n = 0; n < HVM_MAX_SLOTS; n++) {
		unsigned int i = (p->call_next + n) % HVM_MAX_SLOTS;
		struct hvm_call_slot *s = call_slot_get(i);

		if (hvm_observe(&s->state) == HVM_SLOT_POSTED && hvm_read_once(&s->cpu) == p->cpu) {
			p->call_next = (i + 1) % HVM_MAX_SLOTS;
			return (int)i;
		}
	}
	return -1;
}

/*
 * Take slot @s: POSTED -> RUNNING, acquiring the request Linux published.
 * Linux may have cancelled and reposted it to another CPU since call_find()
 * looked; then it goes back to POSTED and its CPU gets a kick.
 */
static bool call_claim(struct hvm_call_slot *s, unsigned int cpu)
{
	__u32 posted = HVM_SLOT_POSTED;
	__u32 target;

	if (!__atomic_compare_exchange_n(&s->state, &posted, HVM_SLOT_RUNNING, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return false;
	target = hvm_read_once(&s->cpu);
	if (target == cpu)
		return true;
	hvm_publish(&s->state, HVM_SLOT_POSTED);
	if (target < boot_info->nr_cpus)
		arch_send_ipi(boot_info->cpus[target].apic_id, HVM_VECTOR_KICK);
	return false;
}

static void call_read(const struct hvm_call_slot *s, struct call_request *req)
{
	req->seq = hvm_read_once(&s->seq);
	req->space = hvm_read_once(&s->space);
	req->func = hvm_read_once(&s->func);
	req->arg = hvm_read_once(&s->arg);
	req->stack_top = hvm_read_once(&s->stack_top);
	req->fs_base = hvm_read_once(&s->fs_base);
}

/* Why the request cannot run (hvm.ko checks the same, but a bad FS base would stop the CPU). */
static const char *call_problem(const struct call_request *req)
{
	if (!req->func || req->func >= USER_HALF_END || req->stack_top < PAGE_SIZE ||
	    req->stack_top > USER_HALF_END)
		return "bad call: function or stack outside the lower half";
	if (req->stack_top & 15)
		return "bad call: stack top not 16-byte aligned";
	if (req->fs_base >= USER_HALF_END)
		return "bad call: FS base outside the lower half";
	return NULL;
}

void call_publish(struct hvm_call_slot *s, __u32 state)
{
	hvm_publish(&s->state, state);	/* everything written for this state first */
	hvm_full_fence();	/* the state is visible before we read waiter */
	if (hvm_observe(&s->waiter) == 1 && boot_info->notify_vector)
		arch_send_ipi(boot_info->linux_apic_id, boot_info->notify_vector);
}

/* Publish the outcome (after result and done_seq) and wake the Linux thread. */
static void call_finish(struct hvm_call_slot *s, const struct call_request *req, int outcome,
			__u64 result)
{
	if (outcome == CALL_DONE) {
		s->result = result;
		core_get(this_cpu()->cpu)->calls++;
	}
	s->done_seq = req->seq;
	call_publish(s, call_slot_state[outcome]);
}

/* Run the call claimed in slot @i and publish how it ended. */
static void call_run(unsigned int i)
{
	struct percpu *p = this_cpu();
	struct hvm_core *core = core_get(p->cpu);
	struct hvm_call_slot *s = call_slot_get(i);
	struct call_request req;
	const char *problem;
	int outcome = CALL_FAULTED;
	__u64 result = 0;

	call_read(s, &req);
	forward_reset();
	p->call_slot = i + 1;
	hvm_publish(&core->slot, i + 1);
	problem = call_problem(&req);
	if (!problem && space_enter(req.space))
		problem = "bad or dead address space";
	if (problem) {
		arch_call_refused(i, problem);
	} else {
		/* The CPU stays in the space afterwards (space_enter): the next call may need it. */
		outcome = arch_call_run(req.func, req.arg, req.stack_top, req.fs_base, &result);
	}
	hvm_publish(&core->slot, 0);
	p->call_slot = 0;
	call_finish(s, &req, outcome, result);
	if (outcome == CALL_ABORTED)	/* Linux finds the outcome once it sees the ack */
		hvm_publish(&core->abort_ack, p->abort_seq);
}

__noreturn void call_loop(void)
{
	struct percpu *p = this_cpu();

	for (;;) {
		int i = call_find(p);

		if (i < 0)
			arch_idle();
		else if (call_claim(call_slot_get(i), p->cpu))
			call_run(i);
	}
}

bool call_abort_requested(void)
{
	struct percpu *p = this_cpu();
	struct hvm_core *core = core_get(p->cpu);
	__u32 seq = hvm_observe(&core->abort_seq);	/* then abort_slot */
	bool hit;

	if (seq == core->abort_ack)	/* written only by this CPU */
		return false;
	hit = p->call_slot && arch_call_active() &&
	      hvm_read_once(&core->abort_slot) == p->call_slot - 1;
	if (hit)
		p->abort_seq = seq;	/* acknowledged by call_run() after ABORTED */
	else
		hvm_publish(&core->abort_ack, seq);
	return hit;
}
