/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The x86-64 part of each CPU's struct percpu, and how to find it (GS base). */
#ifndef HVM_ARCH_PERCPU_H
#define HVM_ARCH_PERCPU_H

#include "kernel.h"
#include "arch/segment.h"

struct call_context;

/*
 * What syscall_entry (syscall_entry.S) uses before it has a register to
 * spare, through GS: struct percpu holds struct arch_percpu at offset 8,
 * and this comes first in it, so user_rsp is %gs:0x08 and stack_top
 * %gs:0x10 (asserted in syscall.c). stack_top is the running call's
 * kernel_rsp (arch/thread.h): a system call runs on the call's own stack,
 * where it can wait for Linux. Written by this CPU only.
 */
struct syscall_scratch {
	__u64 user_rsp; /* the program's RSP at its current system call */
	__u64 stack_top; /* where the running call's system calls start */
};

struct arch_percpu {
	struct syscall_scratch syscall; /* first: fixed offsets, see above */
	struct tss *tss; /* this CPU's TSS, in its GDT */
	__u64 *gdt; /* this CPU's GDT */
	unsigned int program_cpu; /* what the vDSO's getcpu reads now (gdt.c) */
	void *ist_top[IST_NR]; /* top of IST1..IST5 */
	void *boot_stack_top; /* the stack kernel_main and idle run on */
	bool x2apic; /* the local APIC runs in x2APIC mode */
	struct call_context *call; /* the running thread's call, NULL none (thread.c) */
	__u64 sched_rsp; /* the scheduler's stack while a thread runs (thread.c) */
	__u64 *space_root; /* the PML4 used inside address spaces (space.c) */
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
