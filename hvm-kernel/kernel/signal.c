// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The signal ring of a call's thread (hvm/signal.h): the program's
 * runtime appends requests on Linux, this CPU takes them, tail first,
 * whenever the thread goes back to the program; the thread's signal mask
 * is the ring's too (hvm/signal.h, Masks). The ring lives in the
 * program's memory, so every access is fault-safe, and whatever it says is
 * the program's own input: a ring that makes no sense is emptied, with a
 * log line, never trusted further.
 */
#include <hvm/barrier.h>
#include <hvm/call.h>

#include "arch.h"
#include "forward.h"
#include "memlayout.h"
#include "percpu.h"
#include "printk.h"
#include "sched.h"
#include "signal.h"
#include "arch/trap.h"

/* A futex wait with a timeout: Linux ends it with -ERESTART_RESTARTBLOCK, -EINTR after a handler. */
static bool signal_timed_futex_wait(long nr, const __u64 args[6])
{
	int cmd = (int)args[1] & FUTEX_CMD_MASK;

	return nr == __NR_futex && args[3] && (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET);
}

/* The system calls Linux makes again after an SA_RESTART handler. */
bool signal_restartable(long nr, const __u64 args[6])
{
	if (signal_timed_futex_wait(nr, args))
		return false;
	switch (nr) {
	case __NR_read:
	case __NR_write:
	case __NR_open:
	case __NR_ioctl:
	case __NR_pread64:
	case __NR_pwrite64:
	case __NR_readv:
	case __NR_writev:
	case __NR_sendfile:
	case __NR_connect:
	case __NR_accept:
	case __NR_sendto:
	case __NR_recvfrom:
	case __NR_sendmsg:
	case __NR_recvmsg:
	case __NR_wait4:
	case __NR_fcntl:
	case __NR_flock:
	case __NR_futex:
	case __NR_waitid:
	case __NR_openat:
	case __NR_splice:
	case __NR_accept4:
	case __NR_recvmmsg:
	case __NR_sendmmsg:
	case __NR_getrandom:
		return true;
	default:
		return false;
	}
}

static __u32 *signal_kicks(unsigned int slot)
{
	return hvm_slot_sigkicks(partition(), slot);
}

void signal_attach(struct thread *t, __u64 ring)
{
	if (ring & 7 || ring >= HVM_LOWER_HALF_END - sizeof(struct hvm_sigring))
		ring = 0;
	t->sigring = ring;
	/* The partner may have queued (and Linux counted) before this thread started: look once. */
	t->sigring_busy = ring != 0;
	t->sigkicks_seen = hvm_observe(signal_kicks(t->slot));
}

bool signal_maybe_pending(const struct thread *t)
{
	return t->sigring &&
	       (t->sigring_busy || hvm_observe(signal_kicks(t->slot)) != t->sigkicks_seen);
}

bool signal_kicked(const struct thread *t)
{
	return t->sigring && hvm_observe(signal_kicks(t->slot)) != t->sigkicks_seen;
}

static struct hvm_sigring *signal_ring(void)
{
	return (struct hvm_sigring *)this_cpu()->thread->sigring;
}

/* The ring's head and tail; false if they cannot be read. */
static bool signal_ends(struct hvm_sigring *ring, __u64 *head, __u64 *tail)
{
	return !get_user_u64(&ring->head, head) && !get_user_u64(&ring->tail, tail);
}

/*
 * Every request in the ring is followed by a kick count from Linux (the
 * relay queues, then asks hvm.ko, which counts and kicks), so while the
 * count has not moved since the ring was last seen empty, it still is:
 * the common case costs one read of the partition, not of the program.
 */
bool signal_pending(void)
{
	struct thread *t = this_cpu()->thread;
	struct hvm_sigring *ring = signal_ring();
	__u32 kicks = hvm_observe(signal_kicks(t->slot)); /* before the ring is read */
	__u64 head, tail;

	if (!ring || (kicks == t->sigkicks_seen && !t->sigring_busy))
		return false;
	t->sigkicks_seen = kicks;
	t->sigring_busy = signal_ends(ring, &head, &tail) && head != tail;
	return t->sigring_busy;
}

/* Forget a ring the program broke: its thread takes no more signals. */
static bool signal_ring_broken(struct hvm_sigring *ring, const char *why)
{
	struct percpu *p = this_cpu();

	kprintf("hvm-kernel: cpu %u: call in slot %u: signal ring at 0x%llx %s: ignoring it from now on\n",
		p->cpu, p->thread->slot, (__u64)ring, why);
	p->thread->sigring = 0;
	return false;
}

bool signal_take(struct hvm_sigreq *req)
{
	struct thread *t = this_cpu()->thread;
	struct hvm_sigring *ring = signal_ring();
	__u64 head, tail;

	if (!ring || !signal_ends(ring, &head, &tail) || head == tail) {
		t->sigring_busy = false;
		return false;
	}
	if (head - tail > HVM_SIGRING_LEN)
		return signal_ring_broken(ring, "holds more requests than it has room for");
	/* The entry was written before head moved past it (x86 keeps loads in order). */
	if (arch_copy_from_user(req, &ring->req[tail % HVM_SIGRING_LEN], sizeof(*req)))
		return signal_ring_broken(ring, "cannot be read");
	hvm_full_fence(); /* the entry is read before the runtime may reuse it */
	if (put_user_u64(&ring->tail, tail + 1))
		return signal_ring_broken(ring, "cannot be written");
	return true;
}

bool signal_action(int sig, struct hvm_sigaction *act)
{
	struct hvm_sigring *ring = signal_ring();
	__u64 table;

	if (!ring || sig < 1 || sig >= HVM_SIG_ACTIONS || get_user_u64(&ring->actions, &table) ||
	    !table || table >= HVM_LOWER_HALF_END)
		return false;
	if (arch_copy_from_user(act, (const struct hvm_sigaction *)table + sig, sizeof(*act)))
		return signal_ring_broken(ring, "has an unreadable action table");
	return act->handler > 1; /* neither SIG_DFL nor SIG_IGN */
}

bool signal_mask_get(__u64 *mask)
{
	struct hvm_sigring *ring = signal_ring();

	if (!ring)
		return false;
	if (get_user_u64(&ring->mask, mask))
		return signal_ring_broken(ring, "has an unreadable mask");
	return true;
}

bool signal_mask_needs_linux(__u64 mask)
{
	struct hvm_sigring *ring = signal_ring();
	__u64 linux_mask;

	return ring && !get_user_u64(&ring->linux_mask, &linux_mask) &&
	       (linux_mask & ~(mask & ~HVM_SIG_UNBLOCKABLE));
}

/*
 * Store, fence, then read what Linux may block: the relay does the
 * reverse (multiverse-rt), so an unblocking that races with it is seen by
 * one of the two. A synchronising rt_sigprocmask (no set) makes the
 * runtime give Linux the new mask, and Linux then delivers what it held.
 */
void signal_mask_set(__u64 mask)
{
	struct hvm_sigring *ring = signal_ring();
	__u64 args[FORWARD_ARGS] = {SIG_BLOCK, 0, 0, sizeof(mask)};

	if (!ring)
		return;
	mask &= ~HVM_SIG_UNBLOCKABLE;
	if (put_user_u64(&ring->mask, mask)) {
		signal_ring_broken(ring, "has an unwritable mask");
		return;
	}
	hvm_full_fence();
	if (signal_mask_needs_linux(mask))
		forward_syscall(__NR_rt_sigprocmask, args);
}
