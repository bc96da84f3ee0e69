// SPDX-License-Identifier: GPL-2.0
/*
 * The pure part of the merged address space (hvm_space.h): the copy of a
 * process's top-level entries. Compiled into hvm.ko and the unit tests.
 */
#include <hvm/barrier.h>

#include "hvm_space.h"

unsigned int hvm_pml4_sync(const __u64 *src, __u64 *dst)
{
	unsigned int i, changed = 0;

	for (i = 0; i < HVM_LOWER_PML4_ENTRIES; i++) {
		__u64 e = hvm_read_once(&src[i]);

		if (e & SPACE_PTE_PRESENT)
			e &= ~SPACE_PTE_NX;
		else
			e = 0;
		if (dst[i] != e) {
			dst[i] = e;
			changed++;
		}
	}
	return changed;
}
