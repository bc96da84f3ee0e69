// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * mremap() of HRT heap memory (kernel/heap.c): shrinking gives the tail
 * back to the heap, growing takes the free pages after it, both here.
 * Growing over reserved pages commits them (Linux may refuse: -ENOMEM, as
 * natively). Moving needs Linux (it moves the pages): the heap picks the
 * new place itself and Linux moves the pages there, so the memory stays in
 * the heap and keeps the heap's mapping; the old range, a hole in Linux's
 * mapping now, is reserved anew (where nothing else took it meanwhile).
 * Anything else touching the heap Linux makes, and the heap records it.
 */
#include "heap.h"
#include "memlayout.h"
#include "syscalls.h"

/* Move heap memory [old, old + len) to a new place of @new_len in the heap; 0: no room. */
static long mremap_move(struct heap *h, __u64 old, __u64 len, __u64 new_len)
{
	unsigned int states;
	__u64 to = heap_alloc(h, new_len, 0, &states); /* Linux's move charges what it must */
	__u64 args[SYSCALL_ARGS] = {old, len, new_len, MREMAP_MAYMOVE | MREMAP_FIXED, to};
	long ret;

	if (!to)
		return 0;
	ret = heap_forward(__NR_mremap, args);
	if (ret != (long)to) {
		heap_decommit(h, to, new_len); /* whatever Linux did there: reserved again */
		return ret;
	}
	heap_mark_changed(h, old, len);
	heap_refill(h, old, len);
	return ret;
}

/* Heap memory [old, old + len), all as Linux maps the heap: resize it; 0 when Linux must. */
static long mremap_heap(struct heap *h, __u64 old, __u64 len, __u64 new_len, __u64 flags)
{
	unsigned int states;

	if (new_len <= len) {
		if (new_len < len && heap_release(h, old + new_len, len - new_len))
			return 0;
		return (long)old;
	}
	if (heap_holds(h, old + len, new_len - len) &&
	    heap_claim_free(h, old + len, new_len - len, &states)) {
		return heap_commit(h, old + len, new_len - len, states) ?: (long)old;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	return mremap_move(h, old, len, new_len);
}

bool sys_mremap(const __u64 args[SYSCALL_ARGS], long *ret)
{
	struct heap *h = heap_current();
	__u64 old = args[0], len = ALIGN_UP(args[1], PAGE_SIZE),
	      new_len = ALIGN_UP(args[2], PAGE_SIZE);
	__u64 flags = args[3];
	unsigned int states;

	if (!h || (!heap_overlaps(h, old, len ? len : 1) &&
		   !((flags & MREMAP_FIXED) && heap_overlaps(h, args[4], new_len ? new_len : 1))))
		return false;
	*ret = 0;
	if (!(old % PAGE_SIZE) && len >= args[1] && len && new_len >= args[2] && new_len &&
	    !(flags & ~MREMAP_MAYMOVE) && heap_holds(h, old, len)) {
		states = heap_states(h, old, len);
		if (states & HEAP_STATES_FREE)
			*ret = -EFAULT; /* not mapped for the program, as Linux would say */
		else if (states == HEAP_STATE(HEAP_USED))
			*ret = mremap_heap(h, old, len, new_len, flags);
	}
	if (*ret)
		return true;
	heap_mark_changed(h, old, len ? len : PAGE_SIZE);
	if (flags & MREMAP_FIXED)
		heap_mark_changed(h, args[4], new_len);
	return false;
}
