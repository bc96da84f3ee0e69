/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure checks of a partition layout: no kernel calls, so the same file is
 * compiled into hvm.ko and into the host unit tests (tests/unit).
 */
#ifndef HVM_LAYOUT_H
#define HVM_LAYOUT_H

#include <hvm/types.h>

#define LAYOUT_PAGE_SIZE 0x1000ULL
#define LAYOUT_SIZE_2M 0x200000ULL
#define LAYOUT_LOW_MEMORY_END 0x100000ULL /* real-mode code runs below 1 MiB */

/* Parse "SIZE@ADDR" (SIZE with an optional K, M or G suffix); 0 or -1. */
int hvm_layout_parse_mem(const char *arg, __u64 *size, __u64 *base);
/* Non-zero when [a, a+asize) and [b, b+bsize) share a byte. */
int hvm_layout_overlap(__u64 a, __u64 asize, __u64 b, __u64 bsize);
/* NULL when the trampoline address can work, else why it cannot. */
const char *hvm_layout_trampoline_problem(__u64 addr);
/* NULL when the HRT memory region's shape can work, else why it cannot. */
const char *hvm_layout_mem_problem(__u64 base, __u64 size, __u64 trampoline);

#endif /* HVM_LAYOUT_H */
