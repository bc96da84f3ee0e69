// SPDX-License-Identifier: GPL-2.0
/*
 * The IPIs that start, stop, wake and interrupt HRT CPUs. Linux no longer
 * knows these CPUs, so its send_IPI(cpu) cannot reach them: the ICR is
 * written directly through the exported apic driver (apic->icr_write),
 * with physical destination = the CPU's APIC id, which works in xAPIC
 * (flat or cluster) and x2APIC mode alike.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/irqflags.h>
#include <asm/apic.h>

#include "hvm_module.h"

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
