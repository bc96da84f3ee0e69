// SPDX-License-Identifier: GPL-2.0
/*
 * One call slot's life (protocol: hvm/call.h, Calls). A calling thread
 * claims a slot with one atomic bit operation (no lock on the fast path),
 * posts it, kicks the target CPU, spins briefly on the slot and then sleeps
 * until the HRT rings the doorbell, which wakes it alone. A caller that is killed or times out
 * cancels or aborts its call, so no HRT CPU ever runs on a stack or in an
 * address space that is going away. Nothing the HRT writes is trusted:
 * outcomes are checked against the call's own sequence number
 * (call_check.c), fault records are sanitized.
 *
 * Slots are few (HVM_MAX_SLOTS in the partition) and a program thread holds
 * one for its whole life, so each merged process gets a share of them
 * (max_slots_per_process): past it, its new thread or call gets EAGAIN;
 * when the whole table is taken, ENOSPC. Either way only the process that
 * asked is refused, with a message naming the limit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/moduleparam.h>
#include <linux/percpu-rwsem.h>
#include <linux/rcupdate.h>
#include <linux/math64.h>
#include <linux/sched/signal.h>
#include <asm/tsc.h>

#include "hvm_call.h"
#include "hvm_call_check.h"
#include "hvm_module.h"

/*
 * Adaptive spinning, per slot (a program thread keeps its slot): the
 * caller spins this long for the call's news before it sleeps. When it
 * slept and the news came within CALL_SPIN_MAX_NS, spinning that long
 * would have caught it: the budget doubles; when the news came later, the
 * spin was wasted: it halves (as kernel/idle.c adapts the HRT's polling).
 */
#define CALL_SPIN_MIN_NS 5000
#define CALL_SPIN_START_NS 20000
#define CALL_SPIN_MAX_NS 500000
#define CALL_ABORT_WAIT_MS 100

/*
 * What hvm.ko remembers of each slot it posted: Linux's own copy of what it
 * wrote into the partition, which the HRT can overwrite. Written by the
 * slot's claimer, @space under @lock (see hvm_calls_abort_space()).
 */
struct slot_book {
	struct mutex lock; /* @space's changes against an exiting space's abort */
	u32 seq;
	u32 cpu;
	u32 space; /* the posting space's id, SLOT_NO_SPACE while not posted */
	u32 generation; /* hvm-kernel boot the call was posted to */
	pid_t tid; /* the posting thread (global tid) */
	u64 sigring; /* the posting thread's signal ring, in its own memory */
	struct hvm_space_ctx *owner; /* whose share the claim counts against */
	struct task_struct __rcu *sleeper; /* the thread asleep waiting for the call, or NULL */
	u32 spin_ns; /* how long its caller spins before it sleeps (adaptive) */
};

#define SLOT_NO_SPACE U32_MAX /* no space id (< HVM_MAX_SPACES) has it */

/*
 * A process's share of the slots. Three quarters of the table: one program
 * keeps most of it (main and up to 191 threads, as before shares existed),
 * and a quarter, 64 slots, stays for the others: enough for main and a few
 * threads each of many programs (there are at most HVM_MAX_SPACES). A
 * process over its share gets EAGAIN from pthread_create, as at a thread
 * limit on Linux. Raise it up to HVM_MAX_SLOTS for one big program:
 * hvm.max_slots_per_process=N on the kernel command line, or at run time
 * in /sys/module/hvm/parameters/max_slots_per_process (new claims see it).
 */
static unsigned int max_slots_per_process = HVM_MAX_SLOTS - HVM_MAX_SLOTS / 4;

static int max_slots_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, HVM_MAX_SLOTS);
}

static const struct kernel_param_ops max_slots_ops = {
	.set = max_slots_set,
	.get = param_get_uint,
};

module_param_cb(max_slots_per_process, &max_slots_ops, &max_slots_per_process, 0644);
MODULE_PARM_DESC(
	max_slots_per_process,
	"call slots (threads and calls in flight) one merged process may hold, 1-256 (default 192)");

static DECLARE_BITMAP(slot_busy, HVM_MAX_SLOTS); /* a set bit: the slot is claimed */
static struct slot_book book[HVM_MAX_SLOTS];
DEFINE_PERCPU_RWSEM(hvm_calls_sem); /* boot and halt exclude posting */
/* Slot i's caller waited @waited_ns for news, having slept: adapt its spin budget. */
static void spin_adapt(unsigned int i, s64 waited_ns)
{
	u32 spin = book[i].spin_ns;

	waited_ns = max_t(s64, waited_ns, 0); /* TSCs of two CPUs may disagree a little */
	if (waited_ns <= CALL_SPIN_MAX_NS)
		spin = min_t(u32, CALL_SPIN_MAX_NS, max_t(u32, 2 * spin, waited_ns));
	else
		spin = max_t(u32, CALL_SPIN_MIN_NS, spin / 2);
	book[i].spin_ns = spin;
}

static struct hvm_call_slot *shared_slot(unsigned int i)
{
	return hvm_slot(hvm_hrt.part, i);
}

/*
 * A free slot index, now the caller's, counted against @owner's share;
 * -EAGAIN when @owner has its share, -ENOSPC when every slot is taken.
 */
int hvm_slot_claim(struct hvm_space_ctx *owner)
{
	unsigned int share = READ_ONCE(max_slots_per_process), i;

	if (!hvm_space_slot_get(owner, share)) {
		pr_warn_ratelimited(
			"pid %d holds %u call slots, its share (max_slots_per_process): its new thread or call gets EAGAIN; raise the share (at most %u) in /sys/module/hvm/parameters/max_slots_per_process\n",
			task_tgid_nr(current), share, HVM_MAX_SLOTS);
		return -EAGAIN;
	}
	for (;;) {
		i = find_first_zero_bit(slot_busy, HVM_MAX_SLOTS);
		if (i >= HVM_MAX_SLOTS) {
			hvm_space_slot_put(owner);
			pr_warn_ratelimited(
				"all %u call slots are in use: pid %d's new thread or call gets ENOSPC; wait for other hybrid programs to end, or lower max_slots_per_process (now %u) so that one process leaves room for the others\n",
				HVM_MAX_SLOTS, task_tgid_nr(current), share);
			return -ENOSPC;
		}
		if (!test_and_set_bit(i, slot_busy))
			break;
	}
	book[i].owner = owner;
	return i;
}

/* The slot leaves the table and its owner's share. */
static void slot_free(unsigned int i)
{
	hvm_space_slot_put(book[i].owner);
	clear_bit(i, slot_busy);
}

/* Give back a slot that was claimed but never posted (its book names no space). */
void hvm_slot_unclaim(unsigned int i)
{
	slot_free(i);
}

/*
 * Give back a slot after its call ended or was stopped. A call posted to an
 * earlier boot of hvm-kernel leaves the shared slot alone: it is the new boot's.
 * The book forgets the space before the slot can be claimed again.
 */
void hvm_slot_release(unsigned int i)
{
	mutex_lock(&book[i].lock);
	book[i].space = SLOT_NO_SPACE;
	if (READ_ONCE(hvm_hrt.generation) == book[i].generation)
		hvm_publish(&shared_slot(i)->state, HVM_SLOT_FREE);
	slot_free(i);
	mutex_unlock(&book[i].lock);
}

/* The call's outcome (hvm_slot_status()): 0, -EFAULT, -EINTR, CALL_WANTS_LINUX or CALL_PENDING. */
int hvm_slot_outcome(unsigned int i)
{
	struct hvm_call_slot *slot = shared_slot(i);

	return hvm_slot_status(hvm_observe(&slot->state), hvm_read_once(&slot->state_seq),
			       book[i].seq);
}

/*
 * The HRT CPU that had the call is gone: hvm-kernel stopped, crashed,
 * rebooted or lost it. Each of these sends the CPU INIT before it becomes
 * visible here (hrt.c hrt_stop and collect_crash, core.c hvm_core_stop), so
 * the call's stack and address space may be freed once this says so.
 */
static bool slot_orphaned(unsigned int i)
{
	return READ_ONCE(hvm_hrt.generation) != book[i].generation ||
	       READ_ONCE(hvm_hrt.state) != HVM_HRT_RUNNING || hvm_core_is_lost(book[i].cpu);
}

/* Wake the thread asleep waiting for slot i's call, if one is. */
static void slot_wake(unsigned int i)
{
	struct task_struct *t;

	rcu_read_lock(); /* the sleeper clears the pointer before it leaves; its task outlives a grace period */
	t = rcu_dereference(book[i].sleeper);
	if (t)
		wake_up_process(t);
	rcu_read_unlock();
}

/* Reboot, halt, a crash or a lost CPU: every sleeping caller looks again. */
void hvm_calls_wake(void)
{
	unsigned int i;

	for_each_set_bit (i, slot_busy, HVM_MAX_SLOTS)
		slot_wake(i);
}

/*
 * The doorbell: the HRT published news in some slots. Each sleeping caller
 * whose call has news is woken, alone: the others sleep on.
 */
void hvm_calls_wake_news(void)
{
	unsigned int i;

	for_each_set_bit (i, slot_busy, HVM_MAX_SLOTS)
		if (rcu_access_pointer(book[i].sleeper) && hvm_slot_outcome(i) != CALL_PENDING)
			slot_wake(i);
}

/* A new boot: every CPU is fresh, every old slot is gone. */
void hvm_calls_reset(void)
{
	hvm_cores_reset();
	hvm_calls_wake();
}

void hvm_calls_block(void)
{
	percpu_down_write(&hvm_calls_sem);
}

void hvm_calls_unblock(void)
{
	percpu_up_write(&hvm_calls_sem);
}

/*
 * Fill slot i with one call for HRT CPU cpu and hand it over. The book
 * names the space only once the slot is POSTED (both under book[i].lock),
 * so a dying space's abort finds a complete call or none.
 */
void hvm_slot_post(unsigned int i, unsigned int cpu, unsigned int space,
		   const struct hvm_call_request *req, u64 stack_top)
{
	struct hvm_call_slot *slot = shared_slot(i);

	mutex_lock(&book[i].lock);
	book[i].seq++;
	book[i].cpu = cpu;
	book[i].space = space;
	book[i].generation = hvm_hrt.generation;
	book[i].tid = current->pid;
	book[i].sigring = req->sigring;
	slot->seq = book[i].seq;
	slot->state_seq = book[i].seq - 1;
	slot->cpu = cpu;
	slot->space = space;
	slot->func = req->func;
	if (req->flags & HVM_CALL_FROM_REGS) {
		memcpy(hvm_slot_regs(hvm_hrt.part, i), &req->regs, sizeof(req->regs));
		slot->func = HVM_FUNC_FROM_REGS;
	}
	/* For the HRT: the poster is the program thread's partner (gettid()), with its signal ring. */
	*hvm_slot_tid(hvm_hrt.part, i) = task_pid_vnr(current);
	*hvm_slot_sigring(hvm_hrt.part, i) = req->sigring;
	slot->arg = req->arg;
	slot->stack_top = stack_top;
	slot->fs_base = req->fs_base;
	slot->result = 0;
	slot->waiter = (req->flags & HVM_CALL_SLEEP) ? 1 : 0;
	hvm_stages_reset(i);
	hvm_publish(&slot->state, HVM_SLOT_POSTED);
	mutex_unlock(&book[i].lock);
	hvm_kick_posted(cpu);
}

/* Slot i's state changed for its CPU (RESUMED): wake the CPU unless it polls (kick.c). */
void hvm_slot_wake_cpu(unsigned int i)
{
	hvm_kick_wake(book[i].cpu);
}

/* Interrupt the HRT CPU slot i's call was posted to, polling or not: it looks at its slots again. */
void hvm_slot_kick(unsigned int i)
{
	hvm_send_kick(hvm_hrt.apic_id[book[i].cpu]);
}

/*
 * The call of slot i was posted by the calling thread (it is that call's
 * partner): Linux's own record, not the tid the HRT can overwrite.
 */
bool hvm_slot_is_callers(unsigned int i)
{
	return book[i].tid == current->pid;
}

/*
 * A signal is queued for slot i's call: count it (a thread parked in a
 * native system call wakes on the count) and interrupt the call's CPU.
 */
void hvm_slot_signal(unsigned int i)
{
	u32 *kicks = hvm_slot_sigkicks(hvm_hrt.part, i);

	hvm_publish(kicks, READ_ONCE(*kicks) + 1);
	hvm_slot_kick(i);
}

/*
 * Stop a call that will not be waited for: cancel it if no CPU took it yet,
 * else abort it on its CPU and wait (bounded) for the outcome; a CPU that
 * does not answer is stopped with INIT. Afterwards no HRT CPU uses the
 * call's stack or address space.
 */
void hvm_slot_abort(unsigned int i)
{
	struct hvm_call_slot *slot = shared_slot(i);
	unsigned int cpu = book[i].cpu;
	unsigned long deadline;

	if (slot_orphaned(i) || !hvm_call_unfinished(hvm_slot_outcome(i)))
		return;
	if (cmpxchg(&slot->state, HVM_SLOT_POSTED, HVM_SLOT_FREE) == HVM_SLOT_POSTED)
		return;
	hvm_core_abort(cpu, i);
	deadline = jiffies + msecs_to_jiffies(CALL_ABORT_WAIT_MS);
	/* A call waiting in HVM_SLOT_FORWARD is abortable there: never resume it here. */
	while (hvm_call_unfinished(hvm_slot_outcome(i)) && !slot_orphaned(i)) {
		if (time_after(jiffies, deadline)) {
			pr_err("HRT CPU %u did not stop the call in slot %u (interrupts off in a call?): stopping it with INIT; 'hvmctl reboot' restarts hvm-kernel\n",
			       cpu, i);
			hvm_core_stop(cpu);
			return;
		}
		usleep_range(50, 200);
	}
}

/*
 * A second a call has not ended: if its thread's signal ring (in the
 * caller's own memory: this is the partner) still holds requests, kick
 * its CPU again. A kick that found the thread where it could not take
 * them is so not the last word; the thread takes them within a second.
 * The ring's address is the one the caller posted (the book's), never the
 * partition's copy, which the HRT can overwrite.
 */
static void slot_signal_recheck(unsigned int i)
{
	u64 ring = book[i].sigring;
	u64 head, tail;

	if (!ring || get_user(head, (u64 __user *)ring) ||
	    get_user(tail, (u64 __user *)(ring + sizeof(u64))) || head == tail)
		return;
	hvm_slot_signal(i);
}

/* The call's outcome, with page faults served on the way; -EIO once its CPU is gone. */
static int slot_poll(unsigned int i, struct hvm_space_ctx *ctx, bool *served)
{
	int st = hvm_slot_outcome(i);

	if (st != CALL_PENDING)
		hvm_stages_close(i, ctx);
	if (st == CALL_WANTS_LINUX) {
		st = hvm_forward_serve(i, ctx);
		*served |= st == CALL_PENDING; /* a page fault, resolved here */
		return st;
	}
	return st == CALL_PENDING && slot_orphaned(i) ? -EIO : st;
}

/*
 * Look at every call still waited for once; true when one has news in
 * outcome[]. *@served: a page fault was resolved on the way (no news, but
 * the call goes on, and its next request may come soon).
 */
static bool slots_poll(const u16 *slot, int *outcome, unsigned int nr, struct hvm_space_ctx *ctx,
		       bool *served)
{
	bool news = false;
	unsigned int n;

	*served = false;
	for (n = 0; n < nr; n++) {
		if (outcome[n] != CALL_PENDING)
			continue;
		outcome[n] = slot_poll(slot[n], ctx, served);
		news |= outcome[n] != CALL_PENDING;
	}
	return news;
}

/* The wait-queue condition: a call still waited for has news (read only). */
static bool slots_changed(const u16 *slot, const int *outcome, unsigned int nr)
{
	unsigned int n;

	for (n = 0; n < nr; n++)
		if (outcome[n] == CALL_PENDING &&
		    (hvm_slot_outcome(slot[n]) != CALL_PENDING || slot_orphaned(slot[n])))
			return true;
	return false;
}

/* Ask (or not) for the doorbell from the CPUs of the calls still waited for. */
static void slots_want_doorbell(const u16 *slot, const int *outcome, unsigned int nr, u32 on)
{
	unsigned int n;

	for (n = 0; n < nr; n++)
		if (outcome[n] == CALL_PENDING)
			WRITE_ONCE(shared_slot(slot[n])->waiter, on);
}

/* Name (or stop naming: NULL) @t as the thread asleep on every call of slot[0..nr). */
static void slots_set_sleeper(const u16 *slot, unsigned int nr, struct task_struct *t)
{
	unsigned int n;

	for (n = 0; n < nr; n++)
		rcu_assign_pointer(book[slot[n]].sleeper, t);
}

/*
 * Sleep until a call still waited for has news (the doorbell wakes this
 * thread alone: hvm_calls_wake_news()), a signal comes (fatal ones only
 * unless CALL_WAIT_INTERRUPTIBLE) or @timeout jiffies passed. Returns as
 * wait_event_*_timeout() do: > 0 news, 0 the time is up, -ERESTARTSYS a signal.
 */
static long slots_sleep(const u16 *slot, const int *outcome, unsigned int nr, u32 flags,
			long timeout)
{
	unsigned int state = (flags & CALL_WAIT_INTERRUPTIBLE) ? TASK_INTERRUPTIBLE : TASK_KILLABLE;
	long left = timeout;

	slots_set_sleeper(slot, nr, current);
	for (;;) {
		set_current_state(state); /* a full barrier: the sleeper is named before we look */
		if (slots_changed(slot, outcome, nr))
			break;
		if (signal_pending_state(state, current)) {
			left = -ERESTARTSYS;
			break;
		}
		left = schedule_timeout(left);
		if (!left)
			break;
	}
	__set_current_state(TASK_RUNNING);
	slots_set_sleeper(slot, nr, NULL);
	return left;
}

/* A fatal signal or the deadline (0: none) ends a wait. */
static bool wait_must_stop(ktime_t deadline)
{
	return fatal_signal_pending(current) || (deadline && !ktime_before(ktime_get(), deadline));
}

/*
 * Now in ns for spin budgets, from the TSC when Linux knows its rate: on
 * an emulated machine ktime_get() may read an emulated HPET, each read a
 * trip into the emulator, which the spin loop would pay on every look.
 */
static u64 spin_clock_ns(void)
{
	unsigned int khz = READ_ONCE(tsc_khz);

	return khz ? mul_u64_u32_div(rdtsc_ordered(), 1000000, khz) : ktime_get_ns();
}

/*
 * Wait for the calls in slot[0..nr) whose outcome[] is CALL_PENDING, all at
 * once: a page fault of any of them is served as soon as it comes, so calls
 * that wait for each other on the HRT all go on. Spins for the slot's
 * adaptive budget (the fast path: spin_adapt()), then asks for the doorbell and sleeps;
 * reschedules on every round, so calls that keep Linux busy (faults, system
 * calls) never pin its CPU. Returns 0 once some outcome[n] has news: the
 * call's end (0, -EFAULT, -EINTR), -EIO when its CPU went away, or
 * CALL_WANTS_LINUX for a forwarded system call (the caller answers it and
 * sets CALL_PENDING again). With CALL_WAIT_INTERRUPTIBLE a signal for the
 * caller returns CALL_INTERRUPTED, the calls going on. After a fatal
 * signal or the deadline every call still waited for is stopped, with
 * outcome -EINTR or -ETIMEDOUT.
 */
int hvm_slots_wait(const u16 *slot, int *outcome, unsigned int nr, u32 flags, ktime_t deadline,
		   struct hvm_space_ctx *ctx)
{
	u64 posted, spin_end;
	unsigned int n;
	bool served;
	int stop;

	cond_resched(); /* callers come back at once after each forwarded call they answer */
spin:
	posted = spin_clock_ns();
	spin_end = posted + book[slot[0]].spin_ns;
	slots_want_doorbell(slot, outcome, nr, (flags & HVM_CALL_SLEEP) ? 1 : 0);
	while (!(flags & HVM_CALL_SLEEP)) {
		if (spin_clock_ns() >= spin_end || wait_must_stop(deadline))
			break;
		if (slots_poll(slot, outcome, nr, ctx, &served))
			return 0;
		if (served) { /* the budget counts from the last request served */
			cond_resched();
			posted = spin_clock_ns();
			spin_end = posted + book[slot[0]].spin_ns;
		}
		cpu_relax();
	}
	slots_want_doorbell(slot, outcome, nr, 1);
	hvm_full_fence(); /* waiter is visible before we read the states again */
	for (;;) {
		long left = HZ, ret;

		/* Before polling: calls that always have news must not outlive a kill or the deadline. */
		if (wait_must_stop(deadline))
			goto stop;
		if (deadline) {
			s64 ns = ktime_to_ns(ktime_sub(deadline, ktime_get()));

			left = min_t(long, left, nsecs_to_jiffies(ns) + 1);
		}
		if (slots_poll(slot, outcome, nr, ctx, &served)) {
			spin_adapt(slot[0], (s64)(spin_clock_ns() - posted));
			return 0;
		}
		if (served) { /* a fault came after the spin: spin longer, then wait again */
			spin_adapt(slot[0], (s64)(spin_clock_ns() - posted));
			cond_resched();
			goto spin;
		}
		ret = slots_sleep(slot, outcome, nr, flags, left);
		if (ret < 0 && !fatal_signal_pending(current))
			return CALL_INTERRUPTED; /* the calls go on; the caller handles its signal */
		if (ret == 0)
			for (n = 0; n < nr; n++)
				if (outcome[n] == CALL_PENDING)
					slot_signal_recheck(slot[n]);
		cond_resched(); /* a fault served in every round must not pin this CPU */
	}
stop:
	stop = fatal_signal_pending(current) ? -EINTR : -ETIMEDOUT;
	for (n = 0; n < nr; n++) {
		if (outcome[n] != CALL_PENDING)
			continue;
		hvm_slot_abort(slot[n]);
		outcome[n] = stop;
	}
	return 0;
}

/* Copy a fault record out of the partition, sanitized. */
void hvm_slot_copy_fault(unsigned int i, struct hvm_crash_record *out)
{
	memcpy(out, hvm_slot_crash(hvm_hrt.part, i), sizeof(*out));
	hvm_crash_sanitize(out, book[i].cpu);
}

unsigned int hvm_slots_busy(void)
{
	return bitmap_weight(slot_busy, HVM_MAX_SLOTS);
}

/*
 * Stop every unfinished call in a space that is going away. Its slots are
 * not ours: their owners may release them meanwhile, and another process
 * claim and post them. book[i].space names a space only between post and
 * release, and both change it under book[i].lock, which the check and the
 * abort hold together: a slot released and claimed again since the walk
 * read the bitmap names no space or the new poster's, never this one
 * (space ids are not reused before the dying space's hvm_space_put()
 * ends), so another process's call is never cancelled or aborted here.
 */
void hvm_calls_abort_space(unsigned int space)
{
	unsigned int i;

	for_each_set_bit (i, slot_busy, HVM_MAX_SLOTS) {
		mutex_lock(&book[i].lock);
		if (book[i].space == space)
			hvm_slot_abort(i);
		mutex_unlock(&book[i].lock);
	}
}

/*
 * Where a call to HVM_CALL_ANY goes: the CPU of @cpus with the fewest calls
 * posted to it (a program thread is one call for its life), so processes
 * get CPUs of their own while there are enough and share them evenly when
 * there are not. Ties go round robin, so one process's threads spread.
 * The counts may be stale by the calls posted meanwhile: a placement, not
 * a guarantee.
 */
unsigned int hvm_slot_least_busy_cpu(u64 cpus)
{
	static atomic_t next_tie;
	unsigned int busy[HVM_MAX_CPUS] = {0};
	unsigned int i, n, cpu, best = HVM_MAX_CPUS, start;

	for_each_set_bit (i, slot_busy, HVM_MAX_SLOTS) {
		u32 space = READ_ONCE(book[i].space), c = READ_ONCE(book[i].cpu);

		if (space != SLOT_NO_SPACE && c < HVM_MAX_CPUS)
			busy[c]++;
	}
	start = (unsigned int)atomic_inc_return(&next_tie);
	for (n = 0; n < hvm_hrt.nr_cpus; n++) {
		cpu = (start + n) % hvm_hrt.nr_cpus;
		if ((cpus & BIT_ULL(cpu)) && (best == HVM_MAX_CPUS || busy[cpu] < busy[best]))
			best = cpu;
	}
	return best == HVM_MAX_CPUS ? 0 : best;
}

/* HVM_IOC_LIST_THREADS: every call in flight, whose it is and where it runs. */
long hvm_threads_list(struct hvm_threads_request *req)
{
	struct hvm_thread_info info;
	unsigned int i, n = 0;

	for_each_set_bit (i, slot_busy, HVM_MAX_SLOTS) {
		if (n >= req->nr_entries)
			break;
		mutex_lock(&book[i].lock);
		if (book[i].space == SLOT_NO_SPACE) {
			mutex_unlock(&book[i].lock);
			continue;
		}
		memset(&info, 0, sizeof(info));
		info.tgid =
			hvm_space_tgid(book[i].owner); /* the owner lives while it holds the slot */
		info.cpus = hvm_space_cpus(book[i].owner);
		info.tid = book[i].tid;
		info.space = book[i].space;
		info.cpu = book[i].cpu;
		info.slot = i;
		info.state = hvm_observe(&shared_slot(i)->state);
		if (info.state == HVM_SLOT_FORWARD)
			info.forward_nr = READ_ONCE(hvm_slot_forward(hvm_hrt.part, i)->nr);
		mutex_unlock(&book[i].lock);
		if (copy_to_user((void __user *)(uintptr_t)req->buf + n * sizeof(info), &info,
				 sizeof(info)))
			return -EFAULT;
		n++;
	}
	req->nr_entries = n;
	return 0;
}

void hvm_calls_init(void)
{
	unsigned int i;

	for (i = 0; i < HVM_MAX_SLOTS; i++) {
		mutex_init(&book[i].lock);
		book[i].space = SLOT_NO_SPACE;
		book[i].spin_ns = CALL_SPIN_START_NS;
	}
}
