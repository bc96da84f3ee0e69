/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The page map of one HRT heap (kernel/heapmap.c; hvm/call.h, Memory
 * calls): which of its pages are reserved, free, used, or used and possibly
 * changed by Linux, as a sorted array of extents, each running from its first page
 * to the next extent's (the last one to the heap's end). Neighbours never
 * share a state. Pure logic, no locking (kernel/heap.c locks), compiled
 * into hvm-kernel and the host unit tests.
 */
#ifndef HVM_KERNEL_HEAPMAP_H
#define HVM_KERNEL_HEAPMAP_H

#include <hvm/types.h>

/* Extents per heap: a map this fragmented refuses new splits (callers say what then). */
#define HEAPMAP_MAX_EXTENTS 4096

#define HEAP_FREE 0u /* not handed out; reads as zero; Linux maps it read-write (committed) */
#define HEAP_USED 1u /* the program's; Linux maps it as the heap: anonymous, read-write */
#define HEAP_CHANGED 2u /* the program's; Linux's mapping may differ (restore before reuse) */
#define HEAP_RESERVED 3u /* not handed out; Linux maps it PROT_NONE (nothing charged) */
#define HEAP_GONE                                                                                  \
	4u /* given back to Linux for good: not the heap's, Linux may map anything there */
#define HEAP_STATE(s) (1u << (s)) /* a state's bit in heapmap_states() */

/* The states of pages that may be handed out (reserved ones are committed first). */
#define HEAP_STATES_FREE (HEAP_STATE(HEAP_FREE) | HEAP_STATE(HEAP_RESERVED))

#define HEAPMAP_NONE 0xffffffffu /* heapmap_find(): no room */

struct heap_extent {
	__u32 first; /* page index from the heap's start */
	__u32 state; /* HEAP_* */
};

struct heapmap {
	__u32 nr_pages; /* the heap's size */
	__u32 nr; /* extents in use, at least 1 */
	struct heap_extent ext[HEAPMAP_MAX_EXTENTS];
};

/* All @nr_pages (> 0) in @state. */
void heapmap_init(struct heapmap *m, __u32 nr_pages, __u32 state);

/* HEAP_STATE() bits of the states among pages [first, end), first < end <= nr_pages. */
unsigned int heapmap_states(const struct heapmap *m, __u32 first, __u32 end);

/* Give pages [first, end) @state; false (map unchanged) when the split needs more extents than there are. */
_Bool heapmap_set(struct heapmap *m, __u32 first, __u32 end, __u32 state);

/*
 * Give at least pages [first, end) @state, but for those HEAP_GONE (never
 * the heap's again), widening the range to whole extents when the map is
 * full: never fails. Only for states whose widening is harmless
 * (HEAP_CHANGED: pages merely never handed out again until the program
 * unmaps them). True when it had to widen.
 */
_Bool heapmap_set_widened(struct heapmap *m, __u32 first, __u32 end, __u32 state);

/*
 * @n pages whose states are among the HEAP_STATE() bits @states (such as
 * HEAP_STATES_FREE: free and reserved ones mixed): at @hint when they are
 * so there (HEAPMAP_NONE: no hint), else the highest run whose first page
 * plus @phase is a multiple of @align pages. Its first page, or
 * HEAPMAP_NONE.
 */
__u32 heapmap_find(const struct heapmap *m, __u32 n, __u32 align, __u32 phase, __u32 hint,
		   unsigned int states);

/*
 * The first extent at or after page @from whose state is among the
 * HEAP_STATE() bits @states: true and its pages [*first, *end), or false.
 */
_Bool heapmap_next(const struct heapmap *m, __u32 from, unsigned int states, __u32 *first,
		   __u32 *end);

#endif /* HVM_KERNEL_HEAPMAP_H */
