// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Futex wait queues (include/futex.h). Waiters hang in FUTEX_BUCKETS hash
 * buckets by (space, address), each bucket a FIFO list under its own
 * spinlock. A thread waits on one futex at a time, so its waiter record is
 * its slot's: no allocation. The value check and the enqueue happen under
 * the bucket's lock, and so does a wake, so no wake falls between them.
 * The word is read under the lock without ever waiting for Linux (a
 * forwarded fault would park the thread holding the lock, and Linux's
 * shootdown could then find another CPU spinning with interrupts off): it
 * is touched first, with Linux's help if need be, and read again locked;
 * should it have gone meanwhile, the lock is dropped and it goes round.
 *
 * A waker takes the waiter out of its bucket, publishes its wake flag and
 * kicks its CPU, whose scheduler then runs it (kernel/sched.c); a signal
 * for the waiter's thread or its deadline (the APIC timer, kernel/sleep.c)
 * wakes it too, and it takes itself out. An abort of a sleeping call takes
 * its waiter out (futex_cancel()); a waiter's bucket changes only by a
 * requeue, under both buckets' locks, so the canceller looks again after
 * it locked the bucket it read.
 *
 * The word is copied byte-wise (uaccess): a read torn by the program's
 * concurrent store can only fail or pass the check early, and the storer's
 * wake comes after, under the same lock, so no wake is lost either way.
 */
#include <hvm/barrier.h>
#include <hvm/call.h>

#include "arch.h"
#include "futex.h"
#include "kernel.h"
#include "percpu.h"
#include "printk.h"
#include "sched.h"
#include "signal.h"
#include "sleep.h"
#include "spinlock.h"

#define FUTEX_HASH_BITS 8
#define FUTEX_BUCKETS (1u << FUTEX_HASH_BITS)

/* Lock-and-read rounds after which a word that keeps going away counts as unreadable. */
#define FUTEX_FAULT_RETRIES 64

/* A thread waiting on a futex: slot i's thread uses waiters[i]. */
struct futex_waiter {
	struct futex_waiter *prev, *next; /* in its bucket, under its lock */
	__u64 uaddr; /* the futex it waits on: changed by a requeue */
	unsigned int space; /* the space it runs in */
	unsigned int cpu; /* its CPU, kicked by the waker */
	unsigned int bucket; /* its bucket's index, under both locks to change */
	__u32 bitset; /* which wakes of FUTEX_WAKE_BITSET concern it */
	bool queued; /* in the bucket: cleared by whoever takes it out */
	bool linux_wait; /* counted in linux_waits[space] */
	__u32 woken; /* its wake flag (sched_wake_on()), published by the waker */
};

struct futex_bucket {
	struct spinlock lock;
	struct futex_waiter *head, *tail; /* oldest first */
};

static struct futex_bucket buckets[FUTEX_BUCKETS];
static struct futex_waiter waiters[HVM_MAX_SLOTS];
static int linux_waits[HVM_MAX_SPACES]; /* private waits Linux makes, per space (atomic) */

static unsigned int futex_hash(unsigned int space, __u64 uaddr)
{
	__u64 key = (uaddr >> 2) ^ ((__u64)space << 58);

	return (unsigned int)((key * 0x9e3779b97f4a7c15ull) >> (64 - FUTEX_HASH_BITS));
}

static struct thread *futex_current(void)
{
	return this_cpu()->thread;
}

static void bucket_add(struct futex_bucket *b, struct futex_waiter *w)
{
	w->next = NULL;
	w->prev = b->tail;
	if (b->tail)
		b->tail->next = w;
	else
		b->head = w;
	b->tail = w;
}

static void bucket_del(struct futex_bucket *b, struct futex_waiter *w)
{
	if (w->prev)
		w->prev->next = w->next;
	else
		b->head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	else
		b->tail = w->prev;
	w->prev = w->next = NULL;
}

/* Both buckets locked, in index order (one lock when they are the same). */
static unsigned long futex_lock_pair(unsigned int i, unsigned int j)
{
	unsigned long flags = spin_lock_irqsave(&buckets[MIN(i, j)].lock);

	if (i != j)
		spin_lock_irqsave(&buckets[MAX(i, j)].lock);
	return flags;
}

static void futex_unlock_pair(unsigned int i, unsigned int j, unsigned long flags)
{
	if (i != j)
		spin_unlock_irqrestore(&buckets[MAX(i, j)].lock, 0);
	spin_unlock_irqrestore(&buckets[MIN(i, j)].lock, flags);
}

/*
 * Lock buckets @i and @j with the word at @uaddr read into *val under the
 * locks: 0, or -EFAULT (nothing locked) when Linux cannot make it readable.
 */
static int futex_lock_word(unsigned int i, unsigned int j, __u64 uaddr, __u32 *val,
			   unsigned long *flags)
{
	const __u32 *word = (const __u32 *)uaddr;

	for (int round = 0; round < FUTEX_FAULT_RETRIES; round++) {
		if (arch_copy_in(val, word, sizeof(*val))) /* may wait for Linux: no lock held */
			return -EFAULT;
		*flags = futex_lock_pair(i, j);
		if (!arch_copy_in_nofault(val, word, sizeof(*val)))
			return 0;
		futex_unlock_pair(i, j, *flags);
	}
	kprintf("hvm-kernel: futex word at 0x%llx keeps going away between a resolved fault and its locked read: failing the call with EFAULT\n",
		uaddr);
	return -EFAULT;
}

/* Under @b's lock: take @w out, publish its wake flag; its CPU goes into *kick. */
static void futex_wake_waiter(struct futex_bucket *b, struct futex_waiter *w, __u64 *kick)
{
	bucket_del(b, w);
	w->queued = false;
	*kick |= 1ull << w->cpu;
	hvm_publish(&w->woken, 1); /* last: the waiter may run and reuse w at once */
}

/* Take @w out of its bucket if it is still there (no waker took it): true if it was. */
static bool futex_dequeue(struct futex_waiter *w)
{
	for (;;) {
		unsigned int i = hvm_read_once(&w->bucket);
		unsigned long flags = spin_lock_irqsave(&buckets[i].lock);
		bool here = hvm_read_once(&w->bucket) == i, queued = w->queued;

		if (here && queued) {
			bucket_del(&buckets[i], w);
			w->queued = false;
		}
		spin_unlock_irqrestore(&buckets[i].lock, flags);
		if (here)
			return queued;
	}
}

/* An abort ends the thread of @slot: take its waiter out of any queue and count. */
static void futex_cancel(unsigned int slot)
{
	struct futex_waiter *w = &waiters[slot];

	if (w->linux_wait) {
		__atomic_fetch_sub(&linux_waits[w->space], 1, __ATOMIC_SEQ_CST);
		w->linux_wait = false;
	}
	futex_dequeue(w);
}

/*
 * Sleep until a waker takes @w: 0; -ETIMEDOUT when @d came first, -EINTR
 * when a signal for the thread did (the system call's way out takes it and
 * makes an untimed wait again after an SA_RESTART handler, as Linux does:
 * signal_restartable()). A signal kick the ring does not back (already
 * taken) leaves it asleep, still queued: no wake is lost. Whichever ends
 * the sleep, a waker that took @w meanwhile wins: its wake is not lost
 * either.
 */
static int futex_sleep(struct futex_waiter *w, const struct futex_deadline *d)
{
	unsigned int why;

	sched_wake_on(&w->woken);
	do {
		why = d ? sleep_until(d->clock, d->target) : sched_sleep(SCHED_FOREVER);
	} while (why == WAKE_SIGNAL && !hvm_observe(&w->woken) && !signal_pending());
	sched_wake_on(NULL);
	if (why == WAKE_EVENT || hvm_observe(&w->woken) || !futex_dequeue(w))
		return 0;
	return why == WAKE_DEADLINE ? -ETIMEDOUT : -EINTR;
}

int futex_wait(__u64 uaddr, __u32 val, __u32 bitset, const struct futex_deadline *deadline)
{
	struct thread *t = futex_current();
	struct futex_waiter *w = &waiters[t->slot];
	unsigned int i = futex_hash(t->space, uaddr);
	unsigned long flags;
	__u32 now;
	int err = futex_lock_word(i, i, uaddr, &now, &flags);

	if (err)
		return err;
	if (now != val) {
		futex_unlock_pair(i, i, flags);
		return -EAGAIN;
	}
	w->uaddr = uaddr;
	w->space = t->space;
	w->cpu = this_cpu()->cpu;
	w->bucket = i;
	w->bitset = bitset;
	w->queued = true;
	w->woken = 0;
	bucket_add(&buckets[i], w);
	sched_set_cancel(futex_cancel);
	futex_unlock_pair(i, i, flags);
	err = futex_sleep(w, deadline);
	sched_set_cancel(NULL);
	return err;
}

static bool futex_match(const struct futex_waiter *w, unsigned int space, __u64 uaddr)
{
	return w->uaddr == uaddr && w->space == space;
}

int futex_wake(__u64 uaddr, int nr, __u32 bitset)
{
	unsigned int space = futex_current()->space, i = futex_hash(space, uaddr);
	struct futex_bucket *b = &buckets[i];
	unsigned long flags = spin_lock_irqsave(&b->lock);
	struct futex_waiter *w, *next;
	__u64 kick = 0;
	int woken = 0;

	for (w = b->head; w; w = next) {
		next = w->next;
		if (!futex_match(w, space, uaddr) || !(w->bitset & bitset))
			continue;
		futex_wake_waiter(b, w, &kick);
		if (++woken >= nr)
			break;
	}
	spin_unlock_irqrestore(&b->lock, flags);
	sched_kick(kick);
	return woken;
}

/* Under both locks: waiter @w of bucket @i now waits on @uaddr2 in bucket @j. */
static void futex_move(struct futex_waiter *w, unsigned int i, unsigned int j, __u64 uaddr2)
{
	w->uaddr = uaddr2;
	if (i == j)
		return;
	bucket_del(&buckets[i], w);
	bucket_add(&buckets[j], w);
	hvm_publish(&w->bucket, j);
}

int futex_requeue(__u64 uaddr, __u64 uaddr2, int nr_wake, int nr_requeue, const __u32 *cmpval)
{
	unsigned int space = futex_current()->space;
	unsigned int i = futex_hash(space, uaddr), j = futex_hash(space, uaddr2);
	struct futex_waiter *w, *next;
	unsigned long flags;
	long done = 0;
	__u64 kick = 0;
	__u32 now;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	if (!cmpval)
		flags = futex_lock_pair(i, j);
	else if (futex_lock_word(i, j, uaddr, &now, &flags))
		return -EFAULT;
	if (cmpval && now != *cmpval) {
		futex_unlock_pair(i, j, flags);
		return -EAGAIN;
	}
	for (w = buckets[i].head; w && done - nr_wake < nr_requeue; w = next) {
		next = w->next;
		if (!futex_match(w, space, uaddr))
			continue;
		if (++done <= nr_wake)
			futex_wake_waiter(&buckets[i], w, &kick);
		else
			futex_move(w, i, j, uaddr2);
	}
	futex_unlock_pair(i, j, flags);
	sched_kick(kick);
	return (int)done;
}

void futex_linux_wait_begin(void)
{
	struct thread *t = futex_current();
	struct futex_waiter *w = &waiters[t->slot];

	w->space = t->space;
	w->linux_wait = true;
	/* A full barrier: counted before Linux reads the word (include/futex.h). */
	__atomic_fetch_add(&linux_waits[t->space], 1, __ATOMIC_SEQ_CST);
	sched_set_cancel(futex_cancel);
}

void futex_linux_wait_end(void)
{
	struct futex_waiter *w = &waiters[futex_current()->slot];

	sched_set_cancel(NULL);
	w->linux_wait = false;
	__atomic_fetch_sub(&linux_waits[w->space], 1, __ATOMIC_SEQ_CST);
}

bool futex_linux_waits(void)
{
	hvm_full_fence(); /* the program's store to its word before our look */
	return __atomic_load_n(&linux_waits[futex_current()->space], __ATOMIC_SEQ_CST) != 0;
}
