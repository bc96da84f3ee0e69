// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * mprotect(): a protection must be real (a guard page must fault), and
 * only Linux's page tables give it, so hvm-kernel serves only what changes
 * nothing there: read-write on heap pages Linux maps as the heap, and a
 * range with free heap pages, which are not mapped for the program
 * (-ENOMEM, as Linux says of unmapped pages). The rest Linux makes, and
 * the heap notes that the pages may differ from its own mapping now.
 */
#include "heap.h"
#include "memlayout.h"
#include "syscalls.h"

bool sys_mprotect(const __u64 args[SYSCALL_ARGS], long *ret)
{
	struct heap *h = heap_current();
	__u64 addr = args[0], len = ALIGN_UP(args[1], PAGE_SIZE);
	unsigned int states;

	if (!h || addr % PAGE_SIZE || !len || len < args[1] || !heap_overlaps(h, addr, len))
		return false;
	if (heap_holds(h, addr, len)) {
		states = heap_states(h, addr, len);
		if (states & HEAP_STATES_FREE) {
			*ret = -ENOMEM;
			return true;
		}
		if (states == HEAP_STATE(HEAP_USED) && args[2] == (PROT_READ | PROT_WRITE)) {
			*ret = 0;
			return true;
		}
	}
	heap_mark_changed(h, addr, len);
	return false;
}
