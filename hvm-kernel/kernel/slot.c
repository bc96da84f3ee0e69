// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Call slots, the HRT's side of ROS -> HRT calls (hvm/call.h): taking the
 * slots posted to this CPU, starting a thread for each call and publishing
 * the call's outcome. Once up, every CPU loops in sched_loop() here with
 * interrupts off, as the scheduler of its threads (kernel/sched.c). It
 * resumes a call whose request Linux served, else claims a slot posted to
 * it with a compare-and-swap (Linux may cancel the same slot with one) and
 * starts the call on the slot's own thread, inside the slot's address
 * space; it publishes a call's outcome once the call ended and its thread
 * is left. With nothing to do it polls a while for Linux's answers and
 * then halts until an interrupt: a kick for a new or resumed call, a
 * mailbox command, a shootdown, the timer of a sleeping call (idle.c). A call's system
 * calls and page faults may pass through Linux (kernel/forward.c), and
 * the call waits for them parked, so one CPU may have many calls open.
 */
#include <hvm/barrier.h>
#include <hvm/call.h>

#include "arch.h"
#include "bootinfo.h"
#include "debug.h"
#include "slot.h"
#include "forward.h"
#include "idle.h"
#include "kernel.h"
#include "memlayout.h"
#include "percpu.h"
#include "sched.h"
#include "signal.h"
#include "space.h"

/* The request fields of a slot, each read once after the claim. */
struct slot_request {
	__u32 seq;
	__u32 space;
	__u64 func;
	__u64 arg;
	__u64 stack_top;
	__u64 fs_base;
};

static const __u32 slot_outcome_state[] = {
	[CALL_DONE] = HVM_SLOT_DONE,
	[CALL_FAULTED] = HVM_SLOT_FAULTED,
	[CALL_ABORTED] = HVM_SLOT_ABORTED,
};

struct hvm_call_slot *slot_get(unsigned int i)
{
	return hvm_slot(partition(), i);
}

/*
 * A slot posted to this CPU, round-robin from where the last search
 * stopped; -1 if none. Linux bumps core.post_seq after each post (hvm/call.h,
 * Kicks), so the table is scanned only when a post or a kick (a slot
 * another CPU handed back, slot_claim()) came since a scan found none.
 */
static int slot_find(struct percpu *p)
{
	unsigned int kicks = hvm_read_once(&p->nr_kicks);
	__u32 seq = hvm_observe(&core_get(p->cpu)->post_seq); /* then the slots it announces */

	if (!p->posts_maybe && seq == p->post_seen && kicks == p->kicks_seen)
		return -1;
	for (unsigned int n = 0; n < HVM_MAX_SLOTS; n++) {
		unsigned int i = (p->call_next + n) % HVM_MAX_SLOTS;
		struct hvm_call_slot *s = slot_get(i);

		if (hvm_observe(&s->state) == HVM_SLOT_POSTED && hvm_read_once(&s->cpu) == p->cpu) {
			p->call_next = (i + 1) % HVM_MAX_SLOTS;
			p->posts_maybe = true; /* there may be more */
			return (int)i;
		}
	}
	/* An interrupt's own scan meanwhile may leave older values: one more scan, no miss. */
	p->post_seen = seq;
	p->kicks_seen = kicks;
	p->posts_maybe = false;
	return -1;
}

void slot_kicked(void)
{
	struct percpu *p = this_cpu();

	hvm_publish(&p->nr_kicks, p->nr_kicks + 1);
}

bool slot_posted(void)
{
	return slot_find(this_cpu()) >= 0;
}

/*
 * Take slot @s: POSTED -> RUNNING, acquiring the request Linux published.
 * Linux may have cancelled and reposted it to another CPU since slot_find()
 * looked; then it goes back to POSTED and its CPU gets a kick.
 */
static bool slot_claim(struct hvm_call_slot *s, unsigned int cpu)
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

static void slot_read(const struct hvm_call_slot *s, struct slot_request *req)
{
	req->seq = hvm_read_once(&s->seq);
	req->space = hvm_read_once(&s->space);
	req->func = hvm_read_once(&s->func);
	req->arg = hvm_read_once(&s->arg);
	req->stack_top = hvm_read_once(&s->stack_top);
	req->fs_base = hvm_read_once(&s->fs_base);
}

/* Linux wrote it before it published the slot POSTED (hvm/call.h, Signals). */
static __u64 slot_read_sigring(unsigned int slot)
{
	return hvm_read_once(hvm_slot_sigring(partition(), slot));
}

static void slot_read_regs(unsigned int slot, struct hvm_regs *regs)
{
	memcpy(regs, hvm_slot_regs(partition(), slot), sizeof(*regs));
}

/*
 * Why the request cannot run (hvm.ko checks the same, but a bad FS base
 * would stop the CPU); a thread's registers are read into @regs first.
 */
static const char *slot_problem(unsigned int slot, const struct slot_request *req,
				struct hvm_regs *regs)
{
	if (req->func == HVM_FUNC_FROM_REGS) {
		slot_read_regs(slot, regs);
		return arch_regs_problem(regs);
	}
	if (!req->func || req->func >= HVM_LOWER_HALF_END || req->stack_top < PAGE_SIZE ||
	    req->stack_top > HVM_LOWER_HALF_END)
		return "bad call: function or stack outside the lower half";
	if (req->stack_top & 15)
		return "bad call: stack top not 16-byte aligned";
	if (req->fs_base >= HVM_LOWER_HALF_END)
		return "bad call: FS base outside the lower half";
	return NULL;
}

void slot_publish(struct hvm_call_slot *s, __u32 state)
{
	hvm_publish(&s->state, state); /* everything written for this state first */
	hvm_full_fence(); /* the state is visible before we read waiter */
	if (hvm_observe(&s->waiter) == 1 && boot_info->notify_vector)
		arch_send_ipi(boot_info->linux_apic_id, boot_info->notify_vector);
}

/*
 * Publish how the call of @t ended (after result and state_seq) and wake
 * the Linux thread. Its thread is freed first: once the outcome is out,
 * Linux may post the slot again and another CPU start its thread.
 */
static void slot_end(struct thread *t, int outcome, __u64 result)
{
	struct hvm_call_slot *s = slot_get(t->slot);
	__u32 seq = t->seq;

	KDEBUG("hvm-kernel: cpu %u: call in slot %u ends: outcome %d, result 0x%llx\n",
	       this_cpu()->cpu, t->slot, outcome, result);
	sched_free(t);
	if (outcome == CALL_DONE) {
		s->result = result;
		core_get(this_cpu()->cpu)->calls++;
	}
	s->state_seq = seq;
	slot_publish(s, slot_outcome_state[outcome]);
}

/* The first thing a call's thread runs, on its own stack: the call itself. */
static void slot_thread_main(void *arg)
{
	struct thread *t = arg;
	struct slot_request req;
	struct hvm_regs regs;
	const char *problem;
	int outcome = CALL_FAULTED;
	__u64 result = 0;

	slot_read(slot_get(t->slot), &req);
	t->seq = req.seq;
	t->space = req.space;
	signal_attach(t, slot_read_sigring(t->slot));
	forward_reset(t);
	problem = slot_problem(t->slot, &req, &regs);
	KDEBUG("hvm-kernel: cpu %u: call in slot %u starts in space %u%s%s\n", this_cpu()->cpu,
	       t->slot, req.space, problem ? ": refused: " : "", problem ? problem : "");
	if (!problem && space_enter(req.space))
		problem = "bad or dead address space";
	/* The CPU stays in the space afterwards (space_enter): the next call may need it. */
	if (problem)
		arch_call_refused(t->slot, problem);
	else if (req.func == HVM_FUNC_FROM_REGS)
		outcome = arch_enter_regs(&regs);
	else
		outcome = arch_enter_func(req.func, req.arg, req.stack_top, req.fs_base, &result);
	sched_exit(outcome, result);
}

/* Run @t until it parks or its call ends; an aborted call is acknowledged after ABORTED. */
static void slot_run(struct thread *t)
{
	struct percpu *p = this_cpu();
	int outcome;

	if (!sched_run(t))
		return;
	outcome = t->outcome;
	slot_end(t, outcome, t->result);
	if (outcome == CALL_ABORTED) /* Linux finds the outcome once it sees the ack */
		hvm_publish(&core_get(p->cpu)->abort_ack, p->abort_seq);
}

__noreturn void sched_loop(void)
{
	struct percpu *p = this_cpu();

	for (;;) {
		struct thread *t = sched_next_resumed();
		int i;

		if (t) {
			slot_run(t);
			continue;
		}
		i = slot_find(p);
		if (i >= 0) {
			if (slot_claim(slot_get(i), p->cpu))
				slot_run(sched_new(i, slot_thread_main));
			continue;
		}
		t = sched_next_yielded(); /* last: a yielder lets the others go first */
		if (t)
			slot_run(t);
		else
			idle_wait();
	}
}

/*
 * A parked call is finished at once, its thread never runs again; the
 * running call is unwound by the caller and acknowledged by slot_run()
 * once its thread is left.
 */
bool slot_abort_requested(void)
{
	struct percpu *p = this_cpu();
	struct hvm_core *core = core_get(p->cpu);
	__u32 seq = hvm_observe(&core->abort_seq); /* then abort_slot */
	struct thread *parked;
	__u32 slot;

	if (seq == core->abort_ack) /* written only by this CPU */
		return false;
	slot = hvm_read_once(&core->abort_slot);
	if (p->call_slot == slot + 1 && arch_call_active()) {
		p->abort_seq = seq;
		return true;
	}
	parked = sched_parked(slot);
	if (parked)
		slot_end(parked, CALL_ABORTED, 0);
	hvm_publish(&core->abort_ack, seq); /* after ABORTED */
	return false;
}
