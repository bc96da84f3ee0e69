/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The HRT heap of a process (kernel/heap.c; hvm/call.h, Memory calls): a
 * range of its lower half that Linux maps as anonymous memory, PROT_NONE
 * where reserved and read-write where committed, and leaves to hvm-kernel,
 * which hands it out for mmap and brk. One per
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
	__u32 gone; /* some pages went back to Linux (HEAP_GONE): heap_holds() asks the map */
	struct heapmap map;
};

/* The running call's process's heap, NULL when it has none. */
struct heap *heap_current(void);

/*
 * Is [addr, addr + len) inside the heap? Does it overlap it? (len > 0;
 * pages gone back to Linux are not the heap's.)
 */
bool heap_holds(struct heap *h, __u64 addr, __u64 len);
bool heap_overlaps(struct heap *h, __u64 addr, __u64 len);

/* HEAP_STATE() bits of the states of [addr, addr + len), which the heap holds. */
unsigned int heap_states(struct heap *h, __u64 addr, __u64 len);

/*
 * Hand out @len bytes, at @hint when free there, 2 MiB-aligned from 2 MiB
 * on; 0: no room. *states: what the pages were (reserved ones must be
 * committed before the program has them: heap_commit()).
 */
__u64 heap_alloc(struct heap *h, __u64 len, __u64 hint, unsigned int *states);

/*
 * Take [addr, addr + len) (held) for the program if all of it is free
 * (HEAP_STATES_FREE): true then. *states says what is there; when not
 * free, nothing changes.
 */
bool heap_claim_free(struct heap *h, __u64 addr, __u64 len, unsigned int *states);

/* The program's pages [addr, addr + len) (held) are as Linux maps the heap (else marked changed). */
void heap_mark_used(struct heap *h, __u64 addr, __u64 len);

/* A forwarded call may change Linux's mapping of the part of [addr, addr + len) in the heap. */
void heap_mark_changed(struct heap *h, __u64 addr, __u64 len);

/*
 * Commit the pages [addr, addr + len) the program has just been handed
 * (held, marked used; @states what they were) if any were reserved: Linux
 * makes them read-write, applying RLIMIT_DATA and its overcommit policy
 * as to a native mmap. 0, or -errno after they went back to the reserved
 * ones: the program's call fails with it.
 */
long heap_commit(struct heap *h, __u64 addr, __u64 len, unsigned int states);

/* Decommit [addr, addr + len) (held, the caller's): reserved again, or changed if Linux refused. */
long heap_decommit(struct heap *h, __u64 addr, __u64 len);

/*
 * Make the program's pages [addr, addr + len) (held, free or used as Linux
 * maps the heap) fresh: zero, still committed. 0 or -errno (then Linux's
 * mapping may be anything: the caller marks them changed).
 */
long heap_refresh(struct heap *h, __u64 addr, __u64 len);

/*
 * Give [addr, addr + len) (held) back to the heap, fresh: small unchanged
 * ranges free and committed, others reserved. 0, or -errno (then marked
 * changed).
 */
long heap_release(struct heap *h, __u64 addr, __u64 len);

/*
 * Linux left a hole at [addr, addr + len) (held, marked changed): reserve
 * the heap there again, unless something else took it meanwhile.
 */
void heap_refill(struct heap *h, __u64 addr, __u64 len);

/*
 * The program's forwarded call @nr(@args) returned @ret; what the
 * program sees instead. After it set its own RLIMIT_DATA, the heap's free
 * committed pages are decommitted, so what it is handed next Linux checks
 * anew; after it set a finite RLIMIT_AS every unused page goes back to
 * Linux for good. When Linux refused an mmap or mremap (ENOMEM), the same
 * is done, by what was short (address space or memory), and the call made
 * once more.
 */
long heap_forwarded(__u64 nr, const __u64 args[6], long ret);

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
