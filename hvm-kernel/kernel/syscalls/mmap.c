// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * mmap(): anonymous private read-write memory comes from the process's HRT
 * heap (kernel/heap.c; hvm/call.h, Memory calls): a hint is honoured when
 * its pages are free there, MAP_FIXED and MAP_FIXED_NOREPLACE inside the
 * heap are served here too; pages the heap holds only reserved are
 * committed first, by Linux (kernel/heap.c), and when it refuses the call
 * is Linux's. Everything else (files, shared or other protections,
 * MAP_GROWSDOWN, MAP_32BIT, hints outside the heap, no room) Linux maps
 * outside the heap; a fixed mapping Linux makes over heap pages
 * is recorded, so they are mapped anew before the heap hands them out.
 */
#include "heap.h"
#include "memlayout.h"
#include "syscalls.h"

/*
 * Flags that change nothing for heap memory. Not MAP_NORESERVE: the heap
 * commits what it hands out, so Linux would charge such a mapping.
 */
#define MAP_HARMLESS                                                                               \
	(MAP_DENYWRITE | MAP_EXECUTABLE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK |                \
	 MAP_UNINITIALIZED)

/* Memory the heap can give: anonymous, private, read-write, nothing special. */
static bool mmap_servable(const __u64 args[SYSCALL_ARGS])
{
	__u64 flags = args[3];

	return args[2] == (PROT_READ | PROT_WRITE) && (flags & MAP_TYPE) == MAP_PRIVATE &&
	       (flags & MAP_ANONYMOUS) &&
	       !(flags &
		 ~(MAP_TYPE | MAP_ANONYMOUS | MAP_FIXED | MAP_FIXED_NOREPLACE | MAP_HARMLESS)) &&
	       args[5] % PAGE_SIZE == 0;
}

/*
 * A fixed mapping inside the heap. Free pages are just taken (reserved
 * ones committed, Linux checking its limits as for this very call, so its
 * refusal is the program's); used ones are made fresh first; changed or reserved
 * ones among used ones Linux maps anew, which is what this very call asks
 * of it (they stay marked changed: false, forward it).
 */
static bool mmap_fixed(struct heap *h, const __u64 args[SYSCALL_ARGS], __u64 len, long *ret)
{
	__u64 addr = args[0];
	unsigned int states;

	*ret = (long)addr;
	if (heap_claim_free(h, addr, len, &states)) {
		*ret = heap_commit(h, addr, len, states) ?: (long)addr;
		return true;
	}
	if (args[3] & MAP_FIXED_NOREPLACE) {
		*ret = -EEXIST;
		return true;
	}
	if (!(states & ~(HEAP_STATE(HEAP_FREE) | HEAP_STATE(HEAP_USED))) &&
	    !heap_refresh(h, addr, len)) {
		heap_mark_used(h, addr, len);
		return true;
	}
	heap_mark_changed(h, addr, len);
	return false;
}

/*
 * A fixed mapping Linux makes over heap pages (not heap memory, or not all
 * inside the heap): they are marked changed, and it is forwarded (false).
 * Linux would refuse MAP_FIXED_NOREPLACE anywhere in the heap (its mapping
 * is there); natively only pages the program has are taken, so over free
 * ones Linux is asked for MAP_FIXED instead.
 */
static bool mmap_fixed_linux(struct heap *h, const __u64 args[SYSCALL_ARGS], __u64 len, long *ret)
{
	__u64 fixed[SYSCALL_ARGS];
	unsigned int states;

	if (!(args[3] & MAP_FIXED_NOREPLACE) || !heap_holds(h, args[0], len)) {
		heap_mark_changed(h, args[0], len);
		return false;
	}
	if (!heap_claim_free(h, args[0], len, &states)) {
		*ret = -EEXIST;
		return true;
	}
	for (int i = 0; i < SYSCALL_ARGS; i++)
		fixed[i] = args[i];
	fixed[3] = (args[3] & ~MAP_FIXED_NOREPLACE) | MAP_FIXED;
	heap_mark_changed(h, args[0], len);
	*ret = heap_forward(__NR_mmap, fixed);
	return true;
}

bool sys_mmap(const __u64 args[SYSCALL_ARGS], long *ret)
{
	struct heap *h = heap_current();
	__u64 addr = args[0], len = ALIGN_UP(args[1], PAGE_SIZE);
	bool fixed = args[3] & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	unsigned int states;

	if (!h || !len || len < args[1] || (fixed && addr % PAGE_SIZE))
		return false; /* Linux says what is wrong */
	if (fixed && heap_overlaps(h, addr, len)) {
		if (mmap_servable(args) && heap_holds(h, addr, len))
			return mmap_fixed(h, args, len, ret);
		return mmap_fixed_linux(h, args, len, ret);
	}
	if (fixed || !mmap_servable(args) ||
	    (addr && !heap_holds(h, ALIGN_DOWN(addr, PAGE_SIZE), len)))
		return false;
	addr = heap_alloc(h, len, ALIGN_DOWN(addr, PAGE_SIZE), &states);
	*ret = (long)addr;
	/* No room, or Linux refused to commit: Linux maps it, or refuses it, outside the heap. */
	return addr && !heap_commit(h, addr, len, states);
}
