// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Per-CPU areas and boot stacks, one per possible HRT CPU, and GS base
 * pointing at the running CPU's area. GS base belongs to hvm-kernel on HRT
 * cores; FS base is left to the program's TLS.
 */
#include "kernel.h"
#include "memlayout.h"
#include "percpu.h"
#include "arch/cpu.h"

/* entry.S picks boot_stacks[cpu] after checking cpu < boot_stack_count. */
char boot_stacks[HVM_MAX_CPUS][BOOT_STACK_SIZE] __aligned(16);
const unsigned long boot_stack_size = BOOT_STACK_SIZE;
const unsigned long boot_stack_count = HVM_MAX_CPUS;

static struct percpu percpu_area[HVM_MAX_CPUS] __aligned(64);

struct percpu *percpu_get(unsigned int cpu)
{
	return &percpu_area[cpu];
}

/* Make @cpu's area the one this_cpu() finds; GS must hold a null selector already. */
void percpu_init(unsigned int cpu)
{
	struct percpu *p = &percpu_area[cpu];

	p->self = p;
	p->cpu = cpu;
	p->arch.boot_stack_top = boot_stacks[cpu] + BOOT_STACK_SIZE;
	wrmsr(MSR_GS_BASE, (__u64)p);
}
