// SPDX-License-Identifier: GPL-2.0
/*
 * The real-mode trampoline page and the IPIs that start, stop and wake HRT
 * CPUs. Linux no longer knows these CPUs, so its send_IPI(cpu) cannot reach
 * them: the ICR is written directly through the exported apic driver
 * (apic->icr_write), with physical destination = the CPU's APIC id, which
 * works in xAPIC (flat or cluster) and x2APIC mode alike.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/irqflags.h>
#include <linux/string.h>
#include <asm/apic.h>

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
	memcpy(hvm_hrt.tramp, hvm_trampoline_start,
	       hvm_trampoline_end - hvm_trampoline_start);
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

/* One ICR write with interrupts off (xAPIC writes ICR2 then ICR). */
static void icr_send(u32 low, u32 apic_id)
{
	unsigned long flags;

	local_irq_save(flags);
	apic_wait_icr_idle();
	apic_icr_write(low, apic_id);
	apic_wait_icr_idle();
	local_irq_restore(flags);
}

/* INIT: the CPU stops whatever it does and waits for a SIPI. */
void hvm_send_init(u32 apic_id)
{
	icr_send(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT, apic_id);
	udelay(10);
	icr_send(APIC_INT_LEVELTRIG | APIC_DM_INIT, apic_id);
}

/* Two STARTUP IPIs at the trampoline page, as the MP protocol asks. */
void hvm_send_startup(u32 apic_id)
{
	u32 page = (u32)(hvm_partition.trampoline >> PAGE_SHIFT);

	icr_send(APIC_DM_STARTUP | page, apic_id);
	udelay(200);
	icr_send(APIC_DM_STARTUP | page, apic_id);
}

/* A fixed interrupt at vector to the CPU with this physical APIC id. */
void hvm_send_ipi(u32 apic_id, u32 vector)
{
	icr_send(APIC_DM_FIXED | APIC_DEST_PHYSICAL | vector, apic_id);
}

/* The Linux -> HRT doorbell: the HRT's kick vector. */
void hvm_send_kick(u32 apic_id)
{
	hvm_send_ipi(apic_id, HVM_VECTOR_KICK);
}
