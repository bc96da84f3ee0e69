/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The page map of one HRT heap (kernel/heapmap.c; hvm/call.h, Memory
 * calls): which of its pages are free, used, or used and possibly changed
 * by Linux, as a sorted array of extents, each running from its first page
 * to the next extent's (the last one to the heap's end). Neighbours never
 * share a state. Pure logic, no locking (kernel/heap.c locks), compiled
 * into hvm-kernel and the host unit tests.
 */
#ifndef HVM_KERNEL_HEAPMAP_H
#define HVM_KERNEL_HEAPMAP_H

#include <hvm/types.h>

/* Extents per heap: a map this fragmented refuses new splits (callers say what then). */
#define HEAPMAP_MAX_EXTENTS 4096

#define HEAP_FREE 0u /* not handed out; reads as zero; Linux maps it read-write */
#define HEAP_USED 1u /* the program's; Linux maps it as the heap: anonymous, read-write */
#define HEAP_CHANGED 2u /* the program's; Linux's mapping may differ (restore before reuse) */
#define HEAP_STATE(s) (1u << (s)) /* a state's bit in heapmap_states() */

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

/* All @nr_pages (> 0) free. */
void heapmap_init(struct heapmap *m, __u32 nr_pages);

/* HEAP_STATE() bits of the states among pages [first, end), first < end <= nr_pages. */
unsigned int heapmap_states(const struct heapmap *m, __u32 first, __u32 end);

/* Give pages [first, end) @state; false (map unchanged) when the split needs more extents than there are. */
_Bool heapmap_set(struct heapmap *m, __u32 first, __u32 end, __u32 state);

/*
 * Give at least pages [first, end) @state, widening the range to whole
 * extents when the map is full: never fails. Only for states whose
 * widening is harmless (HEAP_CHANGED: pages merely never handed out again
 * until the program unmaps them). True when it had to widen.
 */
_Bool heapmap_set_widened(struct heapmap *m, __u32 first, __u32 end, __u32 state);

/*
 * @n free pages: at @hint when they are free there (HEAPMAP_NONE: no
 * hint), else the highest run whose first page plus @phase is a multiple
 * of @align pages. Its first page, or HEAPMAP_NONE.
 */
__u32 heapmap_find(const struct heapmap *m, __u32 n, __u32 align, __u32 phase, __u32 hint);

#endif /* HVM_KERNEL_HEAPMAP_H */
