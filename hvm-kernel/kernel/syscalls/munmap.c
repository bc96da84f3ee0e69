// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * munmap(): heap pages go back to the HRT heap (kernel/heap.c), fresh,
 * with no round trip for small unchanged ranges. Linux keeps them mapped:
 * small ones read-write (unlike Linux's munmap, touching them afterwards
 * does not fault), others PROT_NONE (reserved: touching them faults).
 * Ranges outside the heap are Linux's; a range crossing its edge too, and
 * then its heap pages are not handed out again.
 */
#include "heap.h"
#include "memlayout.h"
#include "syscalls.h"

bool sys_munmap(const __u64 args[SYSCALL_ARGS], long *ret)
{
	struct heap *h = heap_current();
	__u64 addr = args[0], len = ALIGN_UP(args[1], PAGE_SIZE);

	if (!h || addr % PAGE_SIZE || !len || len < args[1] || !heap_overlaps(h, addr, len))
		return false;
	if (!heap_holds(h, addr, len) || heap_release(h, addr, len)) {
		/* Linux unmaps them; their pages stay changed (heap_release() marked them). */
		heap_mark_changed(h, addr, len);
		return false;
	}
	*ret = 0;
	return true;
}
