/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The x86-64 part of each CPU's struct percpu, and how to find it (GS base). */
#ifndef HVM_ARCH_PERCPU_H
#define HVM_ARCH_PERCPU_H

#include "kernel.h"
#include "arch/segment.h"

struct arch_percpu {
	struct tss *tss;		/* this CPU's TSS, in its GDT */
	__u64 *gdt;			/* this CPU's GDT */
	void *ist_top[IST_NR];		/* top of IST1..IST5 */
	void *boot_stack_top;		/* the stack kernel_main and idle run on */
	bool x2apic;			/* the local APIC runs in x2APIC mode */
};

struct percpu;

/* %gs:0 holds the per-CPU area's own address (struct percpu.self). */
static inline struct percpu *arch_this_cpu(void)
{
	struct percpu *p;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(p));
	return p;
}

#endif /* HVM_ARCH_PERCPU_H */
