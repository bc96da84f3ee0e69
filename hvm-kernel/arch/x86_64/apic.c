// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The local APIC of each HRT CPU. x2APIC mode is used when the CPU has it
 * and Linux (or the firmware) left it enabled (IA32_APIC_BASE.EXTD);
 * otherwise xAPIC registers through the uncached mapping at APIC_VBASE
 * (paging.c). The APIC is enabled for IPIs; its timer is only a one-shot
 * wake-up for sleeping calls (apic_timer.c): hvm-kernel has no periodic tick.
 */
#include "kernel.h"
#include "memlayout.h"
#include "percpu.h"
#include "arch/apic.h"
#include "arch/cpu.h"

#define APIC_BASE_EXTD (1ull << 10) /* IA32_APIC_BASE: x2APIC mode */
#define APIC_BASE_ENABLE (1ull << 11) /* IA32_APIC_BASE: APIC globally enabled */
#define APIC_BASE_ADDR_MASK 0x000ffffffffff000ull
#define CPUID1_ECX_X2APIC (1u << 21)

/* Registers by their xAPIC MMIO offset; x2APIC MSR = 0x800 + offset / 16. */
#define APIC_ID 0x020
#define APIC_TPR 0x080
#define APIC_EOI 0x0b0
#define APIC_SVR 0x0f0
#define APIC_ISR 0x100 /* 8 registers, 32 vectors each, 0x10 apart */
#define APIC_ICR_LOW 0x300
#define APIC_ICR_HIGH 0x310 /* xAPIC only: destination in bits 24-31 */
#define X2APIC_MSR_BASE 0x800u

#define APIC_SVR_ENABLE (1u << 8)
#define APIC_ICR_BUSY (1u << 12) /* xAPIC: delivery status, send pending */
#define APIC_ICR_SPIN_LIMIT 1000000

__u64 apic_phys_base(void)
{
	return rdmsr(MSR_APIC_BASE) & APIC_BASE_ADDR_MASK;
}

/* The xAPIC register page inside the APIC_VBASE mapping; the same on every CPU. */
static volatile __u8 *xapic_mmio;

static volatile __u32 *xapic_reg(unsigned int reg)
{
	return (volatile __u32 *)(xapic_mmio + reg);
}

__u32 apic_read(unsigned int reg)
{
	if (this_cpu()->arch.x2apic)
		return (__u32)rdmsr(X2APIC_MSR_BASE + reg / 16);
	return *xapic_reg(reg);
}

void apic_write(unsigned int reg, __u32 v)
{
	if (this_cpu()->arch.x2apic)
		wrmsr(X2APIC_MSR_BASE + reg / 16, v);
	else
		*xapic_reg(reg) = v;
}

/* x2APIC only when both the CPU supports it and it is switched on. */
static bool apic_detect_x2apic(void)
{
	__u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	return (c & CPUID1_ECX_X2APIC) && (rdmsr(MSR_APIC_BASE) & APIC_BASE_EXTD);
}

/*
 * Enable this CPU's APIC for IPIs: pick the mode, make sure it is globally
 * enabled, software-enable it with the spurious vector, accept every
 * priority, keep the timer masked, and record the APIC id.
 */
void apic_init(void)
{
	struct percpu *p = this_cpu();
	__u64 base = rdmsr(MSR_APIC_BASE);
	__u32 id;

	if (!(base & APIC_BASE_ENABLE))
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	p->arch.x2apic = apic_detect_x2apic();
	xapic_mmio = (volatile __u8 *)(APIC_VBASE + (apic_phys_base() & (LARGE_PAGE_SIZE - 1)));
	apic_write(APIC_SVR, HVM_VECTOR_SPURIOUS | APIC_SVR_ENABLE);
	apic_write(APIC_TPR, 0);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	id = apic_read(APIC_ID);
	p->apic_id = p->arch.x2apic ? id : id >> 24;
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/*
 * A true spurious interrupt is not in service and takes no EOI; an IPI
 * someone sent to the spurious vector is, and would block every lower
 * priority until acknowledged.
 */
void apic_eoi_if_in_service(unsigned int vector)
{
	if (apic_read(APIC_ISR + (vector / 32) * 0x10) & (1u << (vector % 32)))
		apic_eoi();
}

/*
 * A fixed interrupt at vector to the CPU with physical APIC id dest (the
 * doorbells). In xAPIC mode ICR high then ICR low, waiting for the previous
 * send to leave first; in x2APIC mode one 64-bit MSR write.
 */
void apic_send_ipi(__u32 dest, __u32 vector)
{
	int spins = APIC_ICR_SPIN_LIMIT;

	if (vector < 32 || vector > 255)
		return;
	if (this_cpu()->arch.x2apic) {
		wrmsr(X2APIC_MSR_BASE + APIC_ICR_LOW / 16, ((__u64)dest << 32) | vector);
		return;
	}
	while ((apic_read(APIC_ICR_LOW) & APIC_ICR_BUSY) && --spins)
		cpu_relax();
	apic_write(APIC_ICR_HIGH, dest << 24);
	apic_write(APIC_ICR_LOW, vector);
}
