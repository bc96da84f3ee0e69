// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * brk(): the program break moves inside the HRT heap, which starts at the
 * page of the break Linux had at merge (hvm/call.h, Memory calls), so it
 * goes on from where malloc may have left it before main moved to the
 * HRT. It grows over free heap pages only (mmap hands them out from the
 * top), committing reserved ones (Linux may refuse: RLIMIT_DATA, its
 * overcommit policy), and never below the break at merge; shrinking gives
 * the pages back fresh. As from Linux, the result is the new break, or the
 * old one when it cannot move. Without such a heap Linux keeps the break.
 */
#include "heap.h"
#include "memlayout.h"
#include "syscalls.h"

/* Grow the break from @old to @want (> old): its new pages are taken, then committed. */
static void brk_grow(struct heap *h, __u64 old, __u64 want)
{
	__u64 first = ALIGN_UP(old, PAGE_SIZE), end = ALIGN_UP(want, PAGE_SIZE);
	unsigned int states = 0;
	unsigned long flags;

	if (first != end && (!heap_claim_free(h, first, end - first, &states) ||
			     heap_commit(h, first, end - first, states)))
		return;
	flags = spin_lock_irqsave(&h->lock);
	h->brk = want;
	spin_unlock_irqrestore(&h->lock, flags);
}

bool sys_brk(const __u64 args[SYSCALL_ARGS], long *ret)
{
	struct heap *h = heap_current();
	__u64 want = args[0], old, first, end;
	unsigned long flags;

	if (!h || !h->brk_start)
		return false;
	flags = spin_lock_irqsave(&h->lock);
	old = h->brk;
	if (want < old && want >= h->brk_start)
		h->brk = want;
	spin_unlock_irqrestore(&h->lock, flags);
	if (want > old && want <= h->end)
		brk_grow(h, old, want);
	*ret = (long)__atomic_load_n(&h->brk, __ATOMIC_RELAXED);
	first = ALIGN_UP(want, PAGE_SIZE);
	end = ALIGN_UP(old, PAGE_SIZE);
	if (*ret == (long)want && first < end)
		heap_release(h, first,
			     end - first); /* on failure they stay changed: never reused */
	return true;
}
