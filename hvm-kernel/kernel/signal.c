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

/* x86-64 numbers of the system calls Linux makes again after an SA_RESTART handler. */
#define NR_READ 0
#define NR_WRITE 1
#define NR_OPEN 2
#define NR_IOCTL 16
#define NR_PREAD64 17
#define NR_PWRITE64 18
#define NR_READV 19
#define NR_WRITEV 20
#define NR_SENDFILE 40
#define NR_CONNECT 42
#define NR_ACCEPT 43
#define NR_SENDTO 44
#define NR_RECVFROM 45
#define NR_SENDMSG 46
#define NR_RECVMSG 47
#define NR_WAIT4 61
#define NR_FCNTL 72
#define NR_FLOCK 73
#define NR_FUTEX 202
#define NR_WAITID 247
#define NR_OPENAT 257
#define NR_SPLICE 275
#define NR_ACCEPT4 288
#define NR_RECVMMSG 299
#define NR_SENDMMSG 307
#define NR_GETRANDOM 318

#define NR_RT_SIGPROCMASK 14
#define SIG_BLOCK 0

#define FUTEX_WAIT 0
#define FUTEX_WAIT_BITSET 9
#define FUTEX_CMD_MASK 127	/* less FUTEX_PRIVATE_FLAG (128) and FUTEX_CLOCK_REALTIME (256) */

/* A futex wait with a timeout: Linux ends it with -ERESTART_RESTARTBLOCK, -EINTR after a handler. */
static bool signal_timed_futex_wait(long nr, const __u64 args[6])
{
	int cmd = (int)args[1] & FUTEX_CMD_MASK;

	return nr == NR_FUTEX && args[3] && (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET);
}

bool signal_restartable(long nr, const __u64 args[6])
{
	if (signal_timed_futex_wait(nr, args))
		return false;
	switch (nr) {
	case NR_READ: case NR_WRITE: case NR_OPEN: case NR_IOCTL: case NR_PREAD64:
	case NR_PWRITE64: case NR_READV: case NR_WRITEV: case NR_SENDFILE: case NR_CONNECT:
	case NR_ACCEPT: case NR_SENDTO: case NR_RECVFROM: case NR_SENDMSG: case NR_RECVMSG:
	case NR_WAIT4: case NR_FCNTL: case NR_FLOCK: case NR_FUTEX: case NR_WAITID:
	case NR_OPENAT: case NR_SPLICE: case NR_ACCEPT4: case NR_RECVMMSG: case NR_SENDMMSG:
	case NR_GETRANDOM:
		return true;
	default:
		return false;
	}
}

static __u32 *signal_kicks(unsigned int slot)
{
	return (__u32 *)PARTITION_PTR(HVM_SLOT_SIGKICKS_OFFSET) + slot;
}

void signal_attach(struct call_thread *t, __u64 ring)
{
	if (ring & 7 || ring >= USER_HALF_END - sizeof(struct hvm_sigring))
		ring = 0;
	t->sigring = ring;
	/* The partner may have queued (and Linux counted) before this thread started: look once. */
	t->sigring_busy = ring != 0;
	t->sigkicks_seen = hvm_observe(signal_kicks(t->slot));
}

bool signal_maybe_pending(const struct call_thread *t)
{
	return t->sigring && (t->sigring_busy || hvm_observe(signal_kicks(t->slot)) != t->sigkicks_seen);
}

bool signal_kicked(const struct call_thread *t)
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
	struct call_thread *t = this_cpu()->thread;
	struct hvm_sigring *ring = signal_ring();
	__u32 kicks = hvm_observe(signal_kicks(t->slot));	/* before the ring is read */
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
	struct call_thread *t = this_cpu()->thread;
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
	hvm_full_fence();	/* the entry is read before the runtime may reuse it */
	if (put_user_u64(&ring->tail, tail + 1))
		return signal_ring_broken(ring, "cannot be written");
	return true;
}

bool signal_action(int sig, struct hvm_sigaction *act)
{
	struct hvm_sigring *ring = signal_ring();
	__u64 table;

	if (!ring || sig < 1 || sig >= HVM_SIG_ACTIONS || get_user_u64(&ring->actions, &table) ||
	    !table || table >= USER_HALF_END)
		return false;
	if (arch_copy_from_user(act, (const struct hvm_sigaction *)table + sig, sizeof(*act)))
		return signal_ring_broken(ring, "has an unreadable action table");
	return act->handler > 1;	/* neither SIG_DFL nor SIG_IGN */
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
	__u64 args[FORWARD_ARGS] = { SIG_BLOCK, 0, 0, sizeof(mask) };

	if (!ring)
		return;
	mask &= ~HVM_SIG_UNBLOCKABLE;
	if (put_user_u64(&ring->mask, mask)) {
		signal_ring_broken(ring, "has an unwritable mask");
		return;
	}
	hvm_full_fence();
	if (signal_mask_needs_linux(mask))
		forward_syscall(NR_RT_SIGPROCMASK, args);
}
