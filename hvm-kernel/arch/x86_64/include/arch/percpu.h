/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The x86-64 part of each CPU's struct percpu, and how to find it (GS base). */
#ifndef HVM_ARCH_PERCPU_H
#define HVM_ARCH_PERCPU_H

#include "kernel.h"
#include "arch/segment.h"

/*
 * The call this CPU runs (call.c, call_entry.S, which uses the offsets:
 * kernel_rsp 0x0, active 0x8). active is set just before the switch to the
 * program's stack and cleared just after the switch back, interrupts off;
 * it stays set while hvm-kernel works for the call (a system call, a
 * forwarded fault), so an abort request still unwinds it. in_kernel is set
 * meanwhile: an exception then is hvm-kernel's own, not the program's.
 */
struct call_context {
	__u64 kernel_rsp;		/* call_enter's stack, its saved registers on top */
	__u32 active;			/* 1 while the program's code may run */
	__u32 outcome;			/* CALL_*: set by the trap code that unwinds */
	__u32 in_kernel;		/* 1 while syscall.c or a forwarded fault runs */
};

_Static_assert(__builtin_offsetof(struct call_context, kernel_rsp) == 0x0, "call_entry.S layout");
_Static_assert(__builtin_offsetof(struct call_context, active) == 0x8, "call_entry.S layout");

/*
 * What syscall_entry (syscall_entry.S) uses before it has a register to
 * spare, through GS: struct percpu holds struct arch_percpu at offset 8,
 * and this comes first in it, so user_rsp is %gs:0x08 and stack_top
 * %gs:0x10 (asserted in syscall.c). Written by this CPU only.
 */
struct syscall_scratch {
	__u64 user_rsp;			/* the program's RSP at its current system call */
	__u64 stack_top;		/* top of this CPU's system-call stack */
};

struct arch_percpu {
	struct syscall_scratch syscall;	/* first: fixed offsets, see above */
	struct tss *tss;		/* this CPU's TSS, in its GDT */
	__u64 *gdt;			/* this CPU's GDT */
	void *ist_top[IST_NR];		/* top of IST1..IST5 */
	void *boot_stack_top;		/* the stack kernel_main and idle run on */
	bool x2apic;			/* the local APIC runs in x2APIC mode */
	struct call_context call;	/* the running call (call.c) */
	__u64 *space_root;		/* the PML4 used inside address spaces (space.c) */
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
