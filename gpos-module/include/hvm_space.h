/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure helper of the merged address space (space_sync.c): no kernel calls,
 * compiled into hvm.ko and the host unit tests.
 */
#ifndef HVM_SPACE_H
#define HVM_SPACE_H

#include <hvm/call.h>

#include "hvm_pure.h"

#define SPACE_PTE_PRESENT 0x1ULL
#define SPACE_PTE_NX (1ULL << 63)

/*
 * Copy the HVM_LOWER_PML4_ENTRIES lower-half entries of a process's
 * top-level table into the shared copy, with NX cleared (KPTI sets it on
 * the kernel copy of user entries; lower levels keep their own NX). Each
 * source entry is read once. Returns how many entries changed.
 */
unsigned int hvm_pml4_sync(const __u64 *src, __u64 *dst);

#endif /* HVM_SPACE_H */
