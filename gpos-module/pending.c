// SPDX-License-Identifier: GPL-2.0
/*
 * The request layer of ROS -> HRT calls: a call request becomes one slot
 * per target CPU (struct hvm_pending), waited for at once or later under a
 * ticket (asynchronous calls, and single calls that forwarded a system
 * call to their caller until HVM_IOC_RESUME brings its result).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/percpu-rwsem.h>
#include <linux/slab.h>

#include "hvm_call.h"
#include "hvm_module.h"
#include "hvm_space.h"

/* Calls posted together (one per CPU) and waited for together. */
struct hvm_pending {
	struct hvm_space_ctx *space;	/* the caller's merged space */
	unsigned int nr;
	u32 flags;
	ktime_t deadline;
	u16 slot[HVM_MAX_CPUS];
	u16 cpu[HVM_MAX_CPUS];
};

/* A single call forwarded a system call: give it to the caller. */
static void pending_forwarded(struct hvm_pending *p, struct hvm_call_request *req)
{
	struct hvm_forward *fw = hvm_shared_forward(p->slot[0]);
	unsigned int a;

	req->nr_cpus = 1;
	req->status[0] = HVM_CALL_FORWARDED;
	req->forward.nr = hvm_read_once(&fw->nr);
	for (a = 0; a < 6; a++)
		req->forward.args[a] = hvm_read_once(&fw->args[a]);
	req->forward.ret = 0;
	/* A task-creating call: the caller needs the thread's registers for the child. */
	if (hvm_creates_task(req->forward.nr))
		memcpy(&req->regs, hvm_shared_regs(p->slot[0]), sizeof(req->regs));
}

/*
 * Wait for every call of p and fill req's results, freeing the slots; or,
 * when p's single call forwards a system call, fill req->forward and
 * return true: p stays pending until HVM_IOC_RESUME; likewise when a signal
 * interrupts the wait for a single call (HVM_CALL_INTERRUPTED: the caller
 * handles it and waits again). All-CPU calls cannot forward system calls
 * (they get -ENOSYS) and only fatal signals end their wait.
 */
static bool pending_finish(struct hvm_pending *p, struct hvm_call_request *req)
{
	unsigned int n;

	req->nr_cpus = p->nr;
	req->faulted_cpu = HVM_CALL_ALL;
	for (n = 0; n < p->nr; n++) {
		unsigned int i = p->slot[n];
		int st;

		u32 wait_flags = p->flags | (p->nr == 1 ? HVM_WAIT_INTERRUPTIBLE : 0);

		while ((st = hvm_slot_wait(i, wait_flags, p->deadline, p->space)) == HVM_SLOT_WANTS_LINUX) {
			if (p->nr == 1) {
				pending_forwarded(p, req);
				return true;
			}
			hvm_slot_resume(i, (u64)-ENOSYS);
		}
		if (st == HVM_SLOT_INTERRUPTED) {
			req->nr_cpus = 1;
			req->status[0] = HVM_CALL_INTERRUPTED;
			return true;
		}
		req->status[n] = st;
		req->result[n] = st ? 0 : (s64)READ_ONCE(hvm_shared_slot(i)->result);
		if (st == -EFAULT && req->faulted_cpu == HVM_CALL_ALL) {
			req->faulted_cpu = p->cpu[n];
			hvm_slot_copy_fault(i, &req->fault);
		}
		hvm_slot_release(i);
	}
	return false;
}

/* Keep p for later under a new ticket; false (p freed) when that fails. */
static bool pending_keep(struct hvm_file *f, struct hvm_pending *p, struct hvm_call_request *req)
{
	u32 id;

	if (xa_alloc(&f->pending, &id, p, xa_limit_31b, GFP_KERNEL)) {
		unsigned int n;

		for (n = 0; n < p->nr; n++) {
			hvm_slot_abort(p->slot[n]);
			hvm_slot_release(p->slot[n]);
		}
		kfree(p);
		return false;
	}
	req->ticket = id;
	return true;
}

/* Claim and post one slot per target CPU; 0 or -errno (nothing posted). */
static int pending_post(struct hvm_pending *p, unsigned int space,
			const struct hvm_call_request *req)
{
	unsigned int cpu, n;
	int i, err = 0;

	percpu_down_read(&hvm_calls_sem);
	if (READ_ONCE(hvm_hrt.state) != HVM_HRT_RUNNING) {
		err = -ENODEV;
		goto out_unlock;
	}
	for (cpu = 0, p->nr = 0; cpu < hvm_hrt.nr_cpus && !err; cpu++) {
		if (req->cpu != HVM_CALL_ALL && cpu != req->cpu)
			continue;
		if (hvm_hrt_core_is_lost(cpu)) {
			err = -EIO;
			break;
		}
		i = hvm_slot_claim();
		if (i < 0) {
			err = i;
			break;
		}
		p->slot[p->nr] = i;
		p->cpu[p->nr++] = cpu;
	}
	for (n = 0; n < p->nr; n++) {
		if (err) {
			clear_bit(p->slot[n], hvm_slot_busy);
			continue;
		}
		hvm_slot_post(p->slot[n], p->cpu[n], space, req,
			  req->stack_top - (req->cpu == HVM_CALL_ALL ? p->cpu[n] * req->stack_stride : 0));
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
	err = hvm_space_prepare(f->space);
	if (err)
		return err;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->space = f->space;
	p->flags = req->flags;
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

/* The pending calls under req->ticket, taken out of the file's table. */
static struct hvm_pending *pending_take(struct hvm_file *f, struct hvm_call_request *req)
{
	struct hvm_pending *p;

	if (req->ticket > U32_MAX)
		return ERR_PTR(-EINVAL);
	p = xa_erase(&f->pending, (unsigned long)req->ticket);
	return p ? p : ERR_PTR(-ENOENT);
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
	if (p->nr != 1 || hvm_slot_outcome(p->slot[0]) != HVM_SLOT_WANTS_LINUX) {
		pending_keep(f, p, req);
		return -EINVAL;
	}
	hvm_slot_resume(p->slot[0], req->forward.ret);
	return pending_continue(f, p, req);
}

/* The file is closing: stop and forget its asynchronous calls. */
void hvm_calls_release(struct hvm_file *f)
{
	struct hvm_pending *p;
	unsigned long id;

	xa_for_each(&f->pending, id, p) {
		unsigned int n;

		for (n = 0; n < p->nr; n++) {
			hvm_slot_abort(p->slot[n]);
			hvm_slot_release(p->slot[n]);
		}
		xa_erase(&f->pending, id);
		kfree(p);
	}
}

/* HVM_IOC_CANCEL: the thread of a forwarding call exits: stop and forget the call. */
long hvm_call_cancel(struct hvm_file *f, struct hvm_call_request *req)
{
	struct hvm_pending *p;
	unsigned int n;

	p = pending_take(f, req);
	if (IS_ERR(p))
		return PTR_ERR(p);
	for (n = 0; n < p->nr; n++) {
		hvm_slot_abort(p->slot[n]);
		hvm_slot_release(p->slot[n]);
	}
	kfree(p);
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

	if (req->ticket > U32_MAX)
		return -EINVAL;
	xa_lock(&f->pending);
	p = xa_load(&f->pending, (unsigned long)req->ticket);
	if (p && p->nr == 1 && hvm_slot_is_callers(p->slot[0]) &&
	    hvm_slot_outcome(p->slot[0]) > 0) {
		hvm_slot_signal(p->slot[0]);
		err = 0;
	}
	xa_unlock(&f->pending);
	return err;
}
