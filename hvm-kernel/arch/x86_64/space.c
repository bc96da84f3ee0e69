// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The page-table root each CPU uses inside a merged address space
 * (include/arch.h): one page from the allocator, taken at boot. Its upper
 * half repeats the kernel's PML4 entries, which never change after
 * paging_init(), so the kernel's global mappings are the same in both roots;
 * its lower half holds the space's entries, copied by arch_space_copy().
 */
#include <hvm/barrier.h>
#include <hvm/call.h>

#include "arch.h"
#include "kernel.h"
#include "memlayout.h"
#include "palloc.h"
#include "percpu.h"
#include "arch/cpu.h"
#include "arch/paging.h"

int arch_space_cpu_init(void)
{
	struct arch_percpu *a = &this_cpu()->arch;
	__u64 *root = page_alloc();

	if (!root)
		return -ENOMEM;
	memset(root, 0, PAGE_SIZE);
	paging_share_kernel_half(root);
	a->space_root = root;
	return 0;
}

/* Each entry with one 64-bit load: Linux may rewrite them meanwhile, never tear one. */
bool arch_space_copy(const __u64 *lower)
{
	__u64 *root = this_cpu()->arch.space_root;
	bool changed = false;

	for (unsigned int i = 0; i < HVM_LOWER_PML4_ENTRIES; i++) {
		__u64 e = hvm_read_once(&lower[i]);

		changed |= root[i] != e;
		root[i] = e;
	}
	return changed;
}

void arch_space_activate(void)
{
	write_cr3(virt_to_phys(this_cpu()->arch.space_root));
}

void arch_space_deactivate(void)
{
	paging_load_kernel_root();
}
