// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Each CPU's GDT and 64-bit TSS. The TSS exists for its interrupt stack
 * table: hvm-kernel runs programs in ring 0, where an interrupt does not
 * switch stacks by itself and would overwrite the 128-byte red zone below a
 * program's stack pointer, so every IDT gate names an IST stack (idt.c).
 */
#include "kernel.h"
#include "memlayout.h"
#include "percpu.h"
#include "arch/cpu.h"
#include "arch/segment.h"

#define GDT_CODE64 0x00af9a000000ffffull /* present, DPL 0, code, L=1 */
#define GDT_DATA 0x00cf92000000ffffull /* present, DPL 0, data, writable */
#define TSS_TYPE_AVAILABLE 0x89ull /* present, DPL 0, 64-bit TSS */
#define GDT_CPUNODE_ACCESS 0xf3ull /* present, DPL 3, data, writable, accessed */
#define MSR_TSC_AUX 0xc0000103u
#define CPUID_RDTSCP_EDX (1u << 27) /* leaf 0x80000001 */
#define CPUID_RDPID_ECX (1u << 22) /* leaf 7 */

struct descriptor_ptr {
	__u16 limit;
	__u64 base;
} __packed;

static __u64 gdt[HVM_MAX_CPUS][GDT_ENTRIES] __aligned(16);
static struct tss tss[HVM_MAX_CPUS] __aligned(16);
static char ist_stacks[HVM_MAX_CPUS][IST_NR][IST_STACK_SIZE] __aligned(16);

/* The 16-byte system descriptor of a TSS at @base (two GDT slots). */
static void gdt_set_tss(__u64 *slot, struct tss *t)
{
	__u64 base = (__u64)t;
	__u64 limit = sizeof(*t) - 1;

	slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (TSS_TYPE_AVAILABLE << 40) |
		  (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	slot[1] = base >> 32;
}

/* Load @g, reload CS through a far return and the data segments, then the task register. */
static void gdt_load(__u64 *g)
{
	struct descriptor_ptr p = {.limit = GDT_ENTRIES * 8 - 1, .base = (__u64)g};

	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\tmovl %2, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "xorl %%eax, %%eax\n\t"
			 "movl %%eax, %%fs\n\t"
			 "movl %%eax, %%gs\n\t"
			 "movw %3, %%ax\n\t"
			 "ltr %%ax"
			 :
			 : "m"(p), "i"(KERNEL_CS), "i"(KERNEL_DS), "i"(TSS_SEL)
			 : "rax", "memory");
}

/* Whether the CPU has TSC_AUX (RDTSCP or RDPID read it); looked up once. */
static bool cpu_has_tsc_aux(void)
{
	static int has = -1;
	__u32 a, b, c, d;

	if (has < 0) {
		cpuid(0x80000000u, &a, &b, &c, &d);
		has = 0;
		if (a >= 0x80000001u) {
			cpuid(0x80000001u, &a, &b, &c, &d);
			has = !!(d & CPUID_RDTSCP_EDX);
		}
		cpuid(0, &a, &b, &c, &d);
		if (!has && a >= 7) {
			cpuid(7, &a, &b, &c, &d);
			has = !!(c & CPUID_RDPID_ECX);
		}
	}
	return has;
}

/*
 * Linux's vDSO getcpu reads (node << 12) | cpu from the limit of the
 * segment CPUNODE_SEL | 3 (LSL) or from TSC_AUX (RDPID), whichever the
 * guest kernel patched in; both are set, so either gives the program CPU.
 */
static void gdt_set_cpunode(__u64 *g, unsigned int cpu)
{
	__u64 limit = cpu & 0xfff; /* node 0 */

	g[CPUNODE_SEL / 8] =
		(limit & 0xffff) | (GDT_CPUNODE_ACCESS << 40) | (((limit >> 16) & 0xf) << 48);
	if (cpu_has_tsc_aux())
		wrmsr(MSR_TSC_AUX, limit);
}

void arch_set_program_cpu(unsigned int cpu)
{
	struct arch_percpu *a = &this_cpu()->arch;

	if (a->program_cpu == cpu)
		return; /* TSC_AUX writes may exit to the hypervisor: only changes */
	a->program_cpu = cpu;
	gdt_set_cpunode(a->gdt, cpu);
}

/*
 * Build and load @cpu's GDT and TSS, and record its IST stacks in its
 * per-CPU area. Loading FS and GS with the null selector clears their
 * bases; percpu_init() sets GS base afterwards.
 */
void gdt_init(unsigned int cpu)
{
	struct arch_percpu *a = &percpu_get(cpu)->arch;
	struct tss *t = &tss[cpu];
	__u64 *g = gdt[cpu];

	memset(t, 0, sizeof(*t));
	t->iomap_base = sizeof(*t); /* no I/O bitmap */
	for (int i = 0; i < IST_NR; i++) {
		a->ist_top[i] = ist_stacks[cpu][i] + IST_STACK_SIZE;
		t->ist[i] = (__u64)a->ist_top[i];
	}
	g[0] = 0;
	g[KERNEL_CS / 8] = GDT_CODE64;
	g[KERNEL_DS / 8] = GDT_DATA;
	gdt_set_tss(&g[TSS_SEL / 8], t);
	gdt_set_cpunode(g, 0);
	a->program_cpu = 0;
	a->gdt = g;
	a->tss = t;
	gdt_load(g);
}
