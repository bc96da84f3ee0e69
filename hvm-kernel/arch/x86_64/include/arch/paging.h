/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* hvm-kernel's own page tables (arch/x86_64/paging.c). */
#ifndef HVM_ARCH_PAGING_H
#define HVM_ARCH_PAGING_H

#include "kernel.h"

int paging_init(__u64 partition_base, __u64 partition_size);
void paging_load(void);
void paging_load_kernel_root(void);
void paging_share_kernel_half(__u64 *root);
__u64 paging_mapped_size(void);
__u64 virt_to_phys(const void *va);

#endif /* HVM_ARCH_PAGING_H */
