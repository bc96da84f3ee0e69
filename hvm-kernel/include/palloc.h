/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The physical page allocator over the partition's free memory. Pages are
 * 4 KiB and handed out by their kernel virtual address (the partition is
 * mapped whole at KERNEL_VBASE); virt_to_phys() gives the physical one.
 */
#ifndef HVM_PALLOC_H
#define HVM_PALLOC_H

#include "kernel.h"

struct palloc_stats {
	unsigned long total_pages; /* pages the allocator manages */
	unsigned long free_pages;
};

void palloc_init(__u64 first_free, __u64 end);
void *page_alloc(void);
void page_free(void *page);
void palloc_get_stats(struct palloc_stats *st);

#endif /* HVM_PALLOC_H */
