/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * x86-64 instructions hvm-kernel needs as C: model-specific and control
 * registers, CPUID, the TSC, the interrupt flag and halting.
 */
#ifndef HVM_ARCH_CPU_H
#define HVM_ARCH_CPU_H

#include "kernel.h"

#define MSR_APIC_BASE 0x0000001bu
#define MSR_EFER 0xc0000080u
#define MSR_STAR 0xc0000081u /* SYSCALL's CS in bits 47:32 (SS is that + 8) */
#define MSR_LSTAR 0xc0000082u /* SYSCALL's entry point */
#define MSR_SFMASK 0xc0000084u /* RFLAGS bits SYSCALL clears */
#define MSR_FS_BASE 0xc0000100u
#define MSR_GS_BASE 0xc0000101u

#define EFER_SCE (1ull << 0) /* SYSCALL enabled */

#define X86_CR0_MP (1ul << 1)
#define X86_CR0_EM (1ul << 2)
#define X86_CR0_TS (1ul << 3)
#define X86_CR0_NE (1ul << 5)
#define X86_CR0_WP (1ul << 16)
#define X86_CR0_NW (1ul << 29)
#define X86_CR0_CD (1ul << 30)

#define X86_CR4_PAE (1ul << 5)
#define X86_CR4_MCE (1ul << 6)
#define X86_CR4_PGE (1ul << 7)
#define X86_CR4_OSFXSR (1ul << 9)
#define X86_CR4_OSXMMEXCPT (1ul << 10)
#define X86_CR4_LA57 (1ul << 12)
#define X86_CR4_OSXSAVE (1ul << 18) /* XSAVE, XRSTOR and XSETBV enabled */

#define X86_EFLAGS_FIXED (1ul << 1) /* always 1 */
#define X86_EFLAGS_TF (1ul << 8)
#define X86_EFLAGS_IF (1ul << 9)
#define X86_EFLAGS_DF (1ul << 10)
#define X86_EFLAGS_NT (1ul << 14)
#define X86_EFLAGS_AC (1ul << 18)
/* The flags a program may choose: CF PF AF ZF SF DF OF (0x0cd5), AC and ID. */
#define X86_EFLAGS_PROGRAM (0x0cd5ul | X86_EFLAGS_AC | (1ul << 21))

static inline __u64 rdmsr(__u32 msr)
{
	__u32 lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((__u64)hi << 32) | lo;
}

static inline void wrmsr(__u32 msr, __u64 v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((__u32)v), "d"((__u32)(v >> 32)) : "memory");
}

static inline __u64 rdtsc(void)
{
	__u32 lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((__u64)hi << 32) | lo;
}

static inline void cpuid_count(__u32 leaf, __u32 sub, __u32 *a, __u32 *b, __u32 *c, __u32 *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

static inline void cpuid(__u32 leaf, __u32 *a, __u32 *b, __u32 *c, __u32 *d)
{
	cpuid_count(leaf, 0, a, b, c, d);
}

/* Extended control register @reg (XCR0: the enabled XSAVE state components); needs CR4.OSXSAVE. */
static inline __u64 xgetbv(__u32 reg)
{
	__u32 lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(reg));
	return ((__u64)hi << 32) | lo;
}

static inline void xsetbv(__u32 reg, __u64 v)
{
	__asm__ volatile("xsetbv" : : "c"(reg), "a"((__u32)v), "d"((__u32)(v >> 32)) : "memory");
}

#define DEFINE_CR_ACCESS(n)                                                                        \
	static inline unsigned long read_cr##n(void)                                               \
	{                                                                                          \
		unsigned long v;                                                                   \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                                  \
		return v;                                                                          \
	}                                                                                          \
	static inline void write_cr##n(unsigned long v)                                            \
	{                                                                                          \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");                         \
	}
DEFINE_CR_ACCESS(0)
DEFINE_CR_ACCESS(2)
DEFINE_CR_ACCESS(3)
DEFINE_CR_ACCESS(4)
#undef DEFINE_CR_ACCESS

static inline unsigned long local_irq_save(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		__asm__ volatile("sti" : : : "memory");
}

static inline void cpu_relax(void)
{
	__asm__ volatile("pause" : : : "memory");
}

/* Stop this CPU for good: interrupts off, halted (an NMI returns to the hlt). */
static inline __noreturn void cpu_stop(void)
{
	for (;;)
		__asm__ volatile("cli; hlt" : : : "memory");
}

/*
 * Idle until the next interrupt, enabling interrupts only while halted:
 * sti's one-instruction shadow covers the hlt, so an interrupt that arrives
 * after the caller's last check still wakes the hlt instead of being taken
 * before it.
 */
static inline void cpu_idle_once(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

/*
 * A pause in a spin-wait, then a window for pending interrupts: sti holds
 * them for one instruction, so they come in after the nop and before cli.
 * The pause stays outside the window: an emulator may end its execution
 * loop at a pause (QEMU TCG does) before it has lifted sti's hold, and then
 * take nothing until the cli.
 */
static inline void cpu_pause_open(void)
{
	__asm__ volatile("pause; sti; nop; cli" : : : "memory");
}

#endif /* HVM_ARCH_CPU_H */
