/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The HRT heap of a process (kernel/heap.c; hvm/call.h, Memory calls): a
 * range of its lower half that Linux maps as anonymous read-write memory
 * and leaves to hvm-kernel, which hands it out for mmap and brk. One per
 * space, reset when a new merge takes the space id. Every function here
 * runs in a system-call handler of the running call (interrupts off, may
 * park): the lock is taken and dropped inside each, never held across a
 * forwarded call or a fault on the program's memory.
 */
#ifndef HVM_KERNEL_HEAP_H
#define HVM_KERNEL_HEAP_H

#include "heapmap.h"
#include "kernel.h"
#include "memlayout.h"
#include "spinlock.h"

struct heap {
	struct spinlock lock; /* guards everything below */
	__u64 merge_seq; /* the merge this state is of (hvm_space.merge_seq), 0 none */
	__u64 start, end; /* the heap's bytes; equal when the process has none */
	__u64 brk_start; /* the break at merge, 0: brk is Linux's (brk.c) */
	__u64 brk; /* the program break now */
	__u32 map_full_told; /* the log said the map was full (once per merge) */
	struct heapmap map;
};

/* The running call's process's heap, NULL when it has none. */
struct heap *heap_current(void);

/* Is [addr, addr + len) inside the heap? Does it overlap it? (len > 0) */
bool heap_holds(const struct heap *h, __u64 addr, __u64 len);
bool heap_overlaps(const struct heap *h, __u64 addr, __u64 len);

/* HEAP_STATE() bits of the states of [addr, addr + len), which the heap holds. */
unsigned int heap_states(struct heap *h, __u64 addr, __u64 len);

/* Hand out @len bytes, at @hint when free there, 2 MiB-aligned from 2 MiB on; 0: no room. */
__u64 heap_alloc(struct heap *h, __u64 len, __u64 hint);

/*
 * Take [addr, addr + len) (held) for the program if all of it is free:
 * true then. Else *states says what is there and nothing changes.
 */
bool heap_claim_free(struct heap *h, __u64 addr, __u64 len, unsigned int *states);

/* The program's pages [addr, addr + len) (held) are as Linux maps the heap (else marked changed). */
void heap_mark_used(struct heap *h, __u64 addr, __u64 len);

/* A forwarded call may change Linux's mapping of the part of [addr, addr + len) in the heap. */
void heap_mark_changed(struct heap *h, __u64 addr, __u64 len);

/*
 * Make the program's pages [addr, addr + len) (held; @states theirs) fresh:
 * zero, mapped by Linux as the heap again. 0 or -errno (then Linux's
 * mapping may be anything: the caller marks them changed).
 */
long heap_refresh(struct heap *h, __u64 addr, __u64 len, unsigned int states);

/* Give [addr, addr + len) (held) back to the heap's free pages, fresh; 0 or -errno as heap_refresh(). */
long heap_release(struct heap *h, __u64 addr, __u64 len);

/*
 * Linux left a hole at [addr, addr + len) (held, marked changed): map the
 * heap there again and free it, unless something else took it meanwhile.
 */
void heap_refill(struct heap *h, __u64 addr, __u64 len);

/*
 * Have Linux make system call @nr(@args) for a call served here (profiled
 * as a forwarded call of its own); its raw result.
 */
long heap_forward(__u64 nr, const __u64 args[6]);

/* The page index of heap address @addr (held). */
static inline __u32 heap_page(const struct heap *h, __u64 addr)
{
	return (__u32)((addr - h->start) / PAGE_SIZE);
}

#endif /* HVM_KERNEL_HEAP_H */
