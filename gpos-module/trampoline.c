// SPDX-License-Identifier: GPL-2.0
/*
 * The real-mode trampoline page an HRT CPU starts in after its SIPI
 * (ipi.c sends it): copied below 1 MiB and patched with the addresses it
 * needs to reach 64-bit mode and the ELF entry point.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/string.h>

#include "hvm_module.h"

extern const u8 hvm_trampoline_start[], hvm_trampoline_end[];
extern const u8 hvm_tramp_gdt[], hvm_tramp_gdt_desc[], hvm_tramp_pm_jump[];
extern const u8 hvm_tramp_lm_jump[], hvm_tramp_pm_entry[], hvm_tramp_lm_entry[];
extern const u8 hvm_tramp_cr3[], hvm_tramp_entry[], hvm_tramp_boot_info[];
extern const u8 hvm_tramp_cpu_index[];

/* Where a trampoline symbol lands in the mapped page. */
static void *tramp_field(const u8 *sym)
{
	return hvm_hrt.tramp + (sym - hvm_trampoline_start);
}

/* Its linear (= physical) address once copied. */
static u32 tramp_linear(const u8 *sym)
{
	return (u32)hvm_partition.trampoline + (u32)(sym - hvm_trampoline_start);
}

void hvm_trampoline_install(u64 boot_cr3, u64 entry, u64 boot_info_va)
{
	u32 v;

	BUILD_BUG_ON(PAGE_SIZE < 512);
	memcpy(hvm_hrt.tramp, hvm_trampoline_start, hvm_trampoline_end - hvm_trampoline_start);
	v = tramp_linear(hvm_tramp_gdt);
	memcpy(tramp_field(hvm_tramp_gdt_desc) + 2, &v, 4);
	v = tramp_linear(hvm_tramp_pm_entry);
	memcpy(tramp_field(hvm_tramp_pm_jump), &v, 4);
	v = tramp_linear(hvm_tramp_lm_entry);
	memcpy(tramp_field(hvm_tramp_lm_jump), &v, 4);
	memcpy(tramp_field(hvm_tramp_cr3), &boot_cr3, 8);
	memcpy(tramp_field(hvm_tramp_entry), &entry, 8);
	memcpy(tramp_field(hvm_tramp_boot_info), &boot_info_va, 8);
}

/* Tell the next CPU to start which boot_info->cpus[] entry it is. */
void hvm_trampoline_set_cpu(u32 index)
{
	WRITE_ONCE(*(u32 *)tramp_field(hvm_tramp_cpu_index), index);
	wmb(); /* the index is in memory before the SIPI that makes a CPU read it */
}
