// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvm-kernel's own page tables, built once by CPU 0 and loaded by every CPU.
 * Upper half only: the partition at KERNEL_VBASE and the local APIC at
 * APIC_VBASE, both with 2 MiB global pages (memlayout.h). PML4 entries
 * 0-255 stay empty: a Linux process's lower half is merged there later.
 */
#include "kernel.h"
#include "memlayout.h"
#include "percpu.h"
#include "printk.h"
#include "arch/apic.h"
#include "arch/cpu.h"
#include "arch/paging.h"

#define PTE_PRESENT (1ull << 0)
#define PTE_WRITE (1ull << 1)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_LARGE (1ull << 7)
#define PTE_GLOBAL (1ull << 8)
#define PTE_TABLE (PTE_PRESENT | PTE_WRITE)
#define PTE_KERNEL_2M (PTE_PRESENT | PTE_WRITE | PTE_LARGE | PTE_GLOBAL)

#define PT_ENTRIES 512
#define PD_SPAN (1ull << 30) /* what one page directory maps */

static __u64 pml4[PT_ENTRIES] __aligned(4096);
static __u64 pdpt[PT_ENTRIES] __aligned(4096); /* the top 512 GiB */
static __u64 pd_kernel[KERNEL_MAP_MAX / PD_SPAN][PT_ENTRIES] __aligned(4096);
static __u64 pd_mmio[PT_ENTRIES] __aligned(4096); /* the GiB below KERNEL_VBASE */

/* Written by CPU 0 in paging_init(), read-only afterwards. */
static __u64 partition_base;
static __u64 mapped_size;

static unsigned int pml4_index(__u64 va)
{
	return (va >> 39) & (PT_ENTRIES - 1);
}

static unsigned int pdpt_index(__u64 va)
{
	return (va >> 30) & (PT_ENTRIES - 1);
}

static unsigned int pd_index(__u64 va)
{
	return (va >> 21) & (PT_ENTRIES - 1);
}

/* @va must lie in the partition mapping (the image, its .bss, allocated pages). */
__u64 virt_to_phys(const void *va)
{
	return partition_base + ((__u64)va - KERNEL_VBASE);
}

__u64 paging_mapped_size(void)
{
	return mapped_size;
}

/*
 * Build the tables for a partition at physical @base of @size bytes; maps
 * at most KERNEL_MAP_MAX of it. Returns -EINVAL for a base that 2 MiB pages
 * cannot map.
 */
int paging_init(__u64 base, __u64 size)
{
	__u64 apic = ALIGN_DOWN(apic_phys_base(), LARGE_PAGE_SIZE);

	if (base & (LARGE_PAGE_SIZE - 1))
		return -EINVAL;
	partition_base = base;
	mapped_size = MIN(ALIGN_DOWN(size, LARGE_PAGE_SIZE), KERNEL_MAP_MAX);
	for (__u64 off = 0; off < mapped_size; off += LARGE_PAGE_SIZE)
		pd_kernel[off / PD_SPAN][pd_index(off)] = (base + off) | PTE_KERNEL_2M;
	for (__u64 i = 0; i < ARRAY_SIZE(pd_kernel); i++)
		pdpt[pdpt_index(KERNEL_VBASE) + i] = virt_to_phys(pd_kernel[i]) | PTE_TABLE;

	pd_mmio[pd_index(APIC_VBASE)] = apic | PTE_KERNEL_2M | PTE_PCD | PTE_PWT;
	pdpt[pdpt_index(APIC_VBASE)] = virt_to_phys(pd_mmio) | PTE_TABLE;
	pml4[pml4_index(KERNEL_VBASE)] = virt_to_phys(pdpt) | PTE_TABLE;
	return 0;
}

/*
 * Switch this CPU to the kernel's tables and set the control bits it runs
 * with: CR4 without SMEP/SMAP (ring 0 runs program code later) but with
 * SSE enabled for programs and machine checks on; CR0.WP so ring 0 honours
 * read-only (copy-on-write) pages; caches on. Clearing CR4.PGE first drops
 * any global entries left from the boot page tables. EFER (NXE) stays.
 */
void paging_load(void)
{
	unsigned long cr4 = read_cr4();
	unsigned long cr0 = read_cr0();

	if (cr4 & X86_CR4_LA57) {
		kprintf("hvm-kernel: cpu %u: entered with 5-level paging, which hvm-kernel does not support: stopping\n",
			this_cpu()->cpu);
		cpu_stop();
	}
	write_cr4(cr4 & ~X86_CR4_PGE);
	write_cr3(virt_to_phys(pml4));
	write_cr4(X86_CR4_PAE | X86_CR4_PGE | X86_CR4_MCE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	cr0 |= X86_CR0_WP | X86_CR0_NE | X86_CR0_MP;
	cr0 &= ~(X86_CR0_EM | X86_CR0_TS | X86_CR0_CD | X86_CR0_NW);
	write_cr0(cr0);
}

/* Back to the kernel's own root (leaving an address space): flushes the lower half. */
void paging_load_kernel_root(void)
{
	write_cr3(virt_to_phys(pml4));
}

/* Give another root the kernel's upper half: the same entries, so the same mappings. */
void paging_share_kernel_half(__u64 *root)
{
	for (unsigned int i = PT_ENTRIES / 2; i < PT_ENTRIES; i++)
		root[i] = pml4[i];
}
