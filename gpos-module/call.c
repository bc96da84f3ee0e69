// SPDX-License-Identifier: GPL-2.0
/*
 * ROS -> HRT calls as user space makes them (hvm/ioctl.h, HVM_IOC_CALL and
 * the ioctls after it; the protocol: hvm/call.h). A call request becomes
 * one slot per target CPU (struct hvm_pending, slots: call_slot.c), waited
 * for at once or later under a ticket (asynchronous calls, and single calls
 * that forwarded a system call to their caller until HVM_IOC_RESUME brings
 * its result, call_forward.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/percpu-rwsem.h>
#include <linux/slab.h>

#include <hvm/signal.h>

#include "hvm_call.h"
#include "hvm_call_check.h"
#include "hvm_module.h"

static atomic_t nr_tickets; /* pending calls kept under a ticket, in every file */

/* Calls posted together (one per CPU) and waited for together. */
struct hvm_pending {
	struct hvm_space_ctx *space; /* the caller's merged space */
	unsigned int nr;
	u32 flags;
	bool held; /* HVM_IOC_ANSWER uses it in place (under the file's xa_lock) */
	int ended; /* a single call's outcome a wait already took, else CALL_PENDING */
	ktime_t deadline;
	u16 slot[HVM_MAX_CPUS];
	u16 cpu[HVM_MAX_CPUS];
};

/*
 * A call's code faulted with no handler of the program to take the signal
 * (hvm-kernel enters the handler when there is one; hvm/signal.h names the
 * signal). Logged as Linux logs a user fault that kills its task
 * (arch/x86: show_signal_msg for page faults, show_signal for traps), with
 * the HRT CPU added, so that dmesg shows a hybrid program's crash as it
 * shows a native one's. Rate-limited: a crashing program may be restarted
 * in a loop.
 */
static void report_unhandled_fault(const struct hvm_crash_record *r)
{
	if (!hvm_exception_signal(r->vector))
		return;
	if (r->vector == 14) /* #PF */
		printk_ratelimited(
			KERN_INFO
			"%s[%d]: segfault at %llx ip %016llx sp %016llx error %llx on HRT CPU %u\n",
			current->comm, task_pid_nr(current), r->cr2, r->rip, r->rsp, r->error_code,
			r->cpu);
	else
		printk_ratelimited(
			KERN_INFO "traps: %s[%d] %s%s ip:%llx sp:%llx error:%llx on HRT CPU %u\n",
			current->comm, task_pid_nr(current), r->vector == 13 ? "" : "trap ",
			r->reason, r->rip, r->rsp, r->error_code, r->cpu);
}

/*
 * Wait for every call of p and fill req's results, freeing the slots; or,
 * when p's single call forwards a system call, fill req->forward and
 * return true: p stays pending until HVM_IOC_RESUME; likewise when a signal
 * interrupts the wait for a single call (HVM_CALL_INTERRUPTED: the caller
 * handles it and waits again). The calls of an all-CPU call are waited for
 * all at once (they may wait for each other on the HRT); they cannot
 * forward system calls (they get -ENOSYS) and only fatal signals end their
 * wait.
 */
static bool pending_finish(struct hvm_pending *p, struct hvm_call_request *req)
{
	u32 flags = p->flags | (p->nr == 1 ? CALL_WAIT_INTERRUPTIBLE : 0);
	int st[HVM_MAX_CPUS];
	unsigned int n, waiting;

	req->nr_cpus = p->nr;
	req->faulted_cpu = HVM_CALL_ALL;
	for (n = 0; n < p->nr; n++)
		st[n] = CALL_PENDING;
	st[0] = p->ended;
	waiting = st[0] == CALL_PENDING || p->nr > 1;
	while (waiting) {
		if (hvm_slots_wait(p->slot, st, p->nr, flags, p->deadline, p->space) ==
		    CALL_INTERRUPTED) {
			req->nr_cpus = 1;
			req->status[0] = HVM_CALL_INTERRUPTED;
			return true;
		}
		for (n = 0, waiting = 0; n < p->nr; n++) {
			if (st[n] == CALL_WANTS_LINUX && p->nr == 1) {
				hvm_forward_to_caller(p->slot[n], req);
				return true;
			}
			if (st[n] == CALL_WANTS_LINUX) {
				hvm_forward_resume(p->slot[n], (u64)-ENOSYS);
				st[n] = CALL_PENDING;
			}
			waiting += st[n] == CALL_PENDING;
		}
	}
	for (n = 0; n < p->nr; n++) {
		unsigned int i = p->slot[n];

		req->status[n] = st[n];
		req->result[n] = st[n] ? 0 : (s64)READ_ONCE(hvm_slot(hvm_hrt.part, i)->result);
		if (st[n] == -EFAULT && req->faulted_cpu == HVM_CALL_ALL) {
			req->faulted_cpu = p->cpu[n];
			hvm_slot_copy_fault(i, &req->fault);
			report_unhandled_fault(&req->fault);
		}
		hvm_slot_release(i);
	}
	return false;
}

/* Stop and forget p's calls: no HRT CPU uses their stacks afterwards. */
static void pending_drop(struct hvm_pending *p)
{
	unsigned int n;

	for (n = 0; n < p->nr; n++) {
		hvm_slot_abort(p->slot[n]);
		hvm_slot_release(p->slot[n]);
	}
	kfree(p);
}

/* Keep p for later under a new ticket; false (p dropped) when that fails. */
static bool pending_keep(struct hvm_file *f, struct hvm_pending *p, struct hvm_call_request *req)
{
	u32 id;

	if (xa_alloc(&f->pending, &id, p, xa_limit_31b, GFP_KERNEL)) {
		pending_drop(p);
		return false;
	}
	atomic_inc(&nr_tickets);
	req->ticket = id;
	return true;
}

unsigned int hvm_tickets_count(void)
{
	return atomic_read(&nr_tickets);
}

/* Claim and post one slot per target CPU; 0 or -errno (nothing posted). */
static int pending_post(struct hvm_pending *p, unsigned int space,
			const struct hvm_call_request *req)
{
	unsigned int cpu, n, target;
	int i, err = 0;

	percpu_down_read(&hvm_calls_sem);
	if (READ_ONCE(hvm_hrt.state) != HVM_HRT_RUNNING) {
		err = -ENODEV;
		goto out_unlock;
	}
	target = req->cpu == HVM_CALL_ANY ? hvm_slot_least_busy_cpu(hvm_space_cpus(p->space))
					  : req->cpu;
	for (cpu = 0, p->nr = 0; cpu < hvm_hrt.nr_cpus && !err; cpu++) {
		if (target != HVM_CALL_ALL && cpu != target)
			continue;
		if (hvm_core_is_lost(cpu)) {
			err = -EIO;
			break;
		}
		i = hvm_slot_claim(p->space);
		if (i < 0) {
			err = i;
			break;
		}
		p->slot[p->nr] = i;
		p->cpu[p->nr++] = cpu;
	}
	for (n = 0; n < p->nr; n++) {
		if (err) {
			hvm_slot_unclaim(p->slot[n]);
			continue;
		}
		hvm_slot_post(p->slot[n], p->cpu[n], space, req,
			      hvm_call_stack_top(req, p->cpu[n]));
	}
out_unlock:
	percpu_up_read(&hvm_calls_sem);
	return err;
}

/* Wait for p again: done (p freed), or kept under a new ticket. */
static long pending_continue(struct hvm_file *f, struct hvm_pending *p,
			     struct hvm_call_request *req)
{
	if (pending_finish(p, req))
		return pending_keep(f, p, req) ? 0 : -ENOMEM;
	kfree(p);
	return 0;
}

/* HVM_IOC_CALL: post, then wait unless asynchronous. */
long hvm_call(struct hvm_file *f, struct hvm_call_request *req)
{
	struct hvm_pending *p;
	int err;

	if (!f->space)
		return -ENOTCONN;
	if (hvm_call_problem(req, hvm_hrt.nr_cpus))
		return -EINVAL;
	if (req->cpu < hvm_hrt.nr_cpus && !(hvm_space_cpus(f->space) & BIT_ULL(req->cpu))) {
		pr_warn_ratelimited(
			"pid %d's call to HRT CPU %u refused: the process runs on HRT CPUs %#llx (its HVM_CPUS set at merge)\n",
			task_tgid_nr(current), req->cpu, hvm_space_cpus(f->space));
		return -EINVAL;
	}
	err = hvm_space_prepare(f->space);
	if (err)
		return err;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->space = f->space;
	p->flags = req->flags;
	p->ended = CALL_PENDING;
	p->deadline = req->timeout_ns ? ktime_add_ns(ktime_get(), req->timeout_ns) : 0;
	err = pending_post(p, hvm_space_id(f->space), req);
	if (err) {
		kfree(p);
		return err;
	}
	if (req->flags & HVM_CALL_ASYNC)
		return pending_keep(f, p, req) ? 0 : -ENOMEM;
	return pending_continue(f, p, req);
}

/*
 * The pending calls under @ticket: taken out of the file's table
 * (@hold false), or left there and held (@hold true: HVM_IOC_ANSWER, the
 * ticket stays the same); -EBUSY while another thread holds them.
 */
static struct hvm_pending *pending_find(struct hvm_file *f, u64 ticket, bool hold)
{
	struct hvm_pending *p;

	if (!hvm_ticket_valid(ticket))
		return ERR_PTR(-EINVAL);
	xa_lock(&f->pending);
	p = xa_load(&f->pending, (unsigned long)ticket);
	if (!p)
		p = ERR_PTR(-ENOENT);
	else if (p->held)
		p = ERR_PTR(-EBUSY);
	else if (hold)
		p->held = true;
	else
		__xa_erase(&f->pending, (unsigned long)ticket);
	xa_unlock(&f->pending);
	if (!IS_ERR(p) && !hold)
		atomic_dec(&nr_tickets);
	return p;
}

static struct hvm_pending *pending_take(struct hvm_file *f, struct hvm_call_request *req)
{
	return pending_find(f, req->ticket, false);
}

static void pending_unhold(struct hvm_file *f, struct hvm_pending *p)
{
	xa_lock(&f->pending);
	p->held = false;
	xa_unlock(&f->pending);
}

/* HVM_IOC_WAIT: the results of an asynchronous call. */
long hvm_call_wait(struct hvm_file *f, struct hvm_call_request *req)
{
	struct hvm_pending *p;

	p = pending_take(f, req);
	if (IS_ERR(p))
		return PTR_ERR(p);
	return pending_continue(f, p, req);
}

/* HVM_IOC_RESUME: the caller made the forwarded system call; go on waiting. */
long hvm_call_resume(struct hvm_file *f, struct hvm_call_request *req)
{
	struct hvm_pending *p;

	p = pending_take(f, req);
	if (IS_ERR(p))
		return PTR_ERR(p);
	if (p->nr != 1 || hvm_slot_outcome(p->slot[0]) != CALL_WANTS_LINUX) {
		pending_keep(f, p, req);
		return -EINVAL;
	}
	hvm_stages_made(p->slot[0]);
	hvm_forward_resume(p->slot[0], req->forward.ret);
	return pending_continue(f, p, req);
}

/*
 * HVM_IOC_ANSWER: HVM_IOC_RESUME without copying or re-ticketing the whole
 * request: the call stays under its ticket, and only a plain forwarded
 * system call comes back here; anything else is HVM_ANSWER_FULL, for
 * HVM_IOC_WAIT to tell (an outcome the wait took is kept for it in ended).
 */
long hvm_call_answer(struct hvm_file *f, struct hvm_answer *a)
{
	struct hvm_pending *p = pending_find(f, a->ticket, true);
	int st = CALL_PENDING;
	unsigned int i;

	if (IS_ERR(p))
		return PTR_ERR(p);
	i = p->slot[0];
	if (p->nr != 1 || hvm_slot_outcome(i) != CALL_WANTS_LINUX) {
		pending_unhold(f, p);
		return -EINVAL;
	}
	hvm_stages_made(i);
	hvm_forward_resume(i, a->ret);
	a->status = HVM_ANSWER_FULL;
	if (hvm_slots_wait(p->slot, &st, 1, p->flags | CALL_WAIT_INTERRUPTIBLE, p->deadline,
			   p->space) == CALL_INTERRUPTED)
		a->status = HVM_CALL_INTERRUPTED;
	else if (st == CALL_WANTS_LINUX && hvm_forward_answer(i, &a->forward))
		a->status = HVM_CALL_FORWARDED;
	else if (st != CALL_WANTS_LINUX)
		p->ended = st;
	pending_unhold(f, p);
	return 0;
}

/* The file is closing: stop and forget its asynchronous calls. */
void hvm_calls_release(struct hvm_file *f)
{
	struct hvm_pending *p;
	unsigned long id;

	xa_for_each (&f->pending, id, p) {
		xa_erase(&f->pending, id);
		atomic_dec(&nr_tickets);
		pending_drop(p);
	}
}

/* HVM_IOC_CANCEL: the thread of a forwarding call exits: stop and forget the call. */
long hvm_call_cancel(struct hvm_file *f, struct hvm_call_request *req)
{
	struct hvm_pending *p;

	p = pending_take(f, req);
	if (IS_ERR(p))
		return PTR_ERR(p);
	pending_drop(p);
	return 0;
}

/*
 * HVM_IOC_SIGNAL: the caller queued a signal in its ring (hvm/signal.h) for
 * the HRT thread of its own call under req->ticket; have the call's CPU
 * take it. The call stays pending as it was: this runs inside a signal
 * handler of the very thread that waits for it.
 */
long hvm_call_signal(struct hvm_file *f, struct hvm_call_request *req)
{
	struct hvm_pending *p;
	long err = -ESRCH;

	if (!hvm_ticket_valid(req->ticket))
		return -EINVAL;
	xa_lock(&f->pending);
	p = xa_load(&f->pending, (unsigned long)req->ticket);
	if (p && p->nr == 1 && hvm_slot_is_callers(p->slot[0]) &&
	    hvm_call_unfinished(hvm_slot_outcome(p->slot[0]))) {
		hvm_slot_signal(p->slot[0]);
		err = 0;
	}
	xa_unlock(&f->pending);
	return err;
}
