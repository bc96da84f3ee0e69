// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The interrupt descriptor table, shared by all CPUs: 256 interrupt gates
 * (interrupts off on entry) to the stubs of vectors.S, each on an IST stack
 * (see gdt.c for why): NMI, double fault and machine check on stacks of
 * their own, so they work even when the exception stack is the problem.
 */
#include "kernel.h"
#include "arch/segment.h"
#include "arch/trap.h"

#define IDT_VECTORS 256
#define IDT_STUB_SIZE 16 /* vectors.S: one stub every 16 bytes */
#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */

/* A 16-byte long-mode gate; the IST index is in bits 0-2 of byte 4. */
struct idt_gate {
	__u16 offset_low;
	__u16 selector;
	__u8 ist;
	__u8 type_attr;
	__u16 offset_mid;
	__u32 offset_high;
	__u32 reserved;
} __packed;

_Static_assert(sizeof(struct idt_gate) == 16, "long-mode IDT gate is 16 bytes");

struct descriptor_ptr {
	__u16 limit;
	__u64 base;
} __packed;

extern char isr_stubs[]; /* vectors.S */

static struct idt_gate idt[IDT_VECTORS] __aligned(16);

static unsigned int idt_ist_for(unsigned int vector)
{
	if (vector == X86_TRAP_NMI)
		return IST_NMI;
	if (vector == X86_TRAP_DF)
		return IST_DOUBLE_FAULT;
	if (vector == X86_TRAP_MC)
		return IST_MACHINE_CHECK;
	if (vector < X86_NR_EXCEPTIONS)
		return IST_EXCEPTION;
	return IST_IRQ;
}

/* Fill the IDT once (CPU 0, before any other CPU runs). */
void idt_init(void)
{
	for (unsigned int v = 0; v < IDT_VECTORS; v++) {
		__u64 addr = (__u64)(isr_stubs + v * IDT_STUB_SIZE);
		struct idt_gate *g = &idt[v];

		g->offset_low = addr & 0xffff;
		g->selector = KERNEL_CS;
		g->ist = idt_ist_for(v);
		g->type_attr = GATE_INTERRUPT;
		g->offset_mid = (addr >> 16) & 0xffff;
		g->offset_high = addr >> 32;
		g->reserved = 0;
	}
}

void idt_load(void)
{
	struct descriptor_ptr p = {.limit = sizeof(idt) - 1, .base = (__u64)idt};

	__asm__ volatile("lidt %0" : : "m"(p) : "memory");
}
