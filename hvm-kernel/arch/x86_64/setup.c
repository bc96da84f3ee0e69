// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The x86-64 side of bringing up a CPU (include/arch.h). The order matters
 * because an exception without a working IDT, GDT and IST stack is a triple
 * fault, which resets the whole VM: descriptor tables first, before any
 * code that could fault, then per-CPU data, then the IDT.
 */
#include "arch.h"
#include "kernel.h"
#include "percpu.h"
#include "arch/apic.h"
#include "arch/cpu.h"
#include "arch/fpu.h"
#include "arch/paging.h"
#include "arch/segment.h"
#include "arch/trap.h"

void arch_cpu_early_init(unsigned int cpu)
{
	gdt_init(cpu);
	percpu_init(cpu);
	if (cpu == 0)
		idt_init();
	idt_load();
}

int arch_mm_init(__u64 partition_base, __u64 partition_size)
{
	return paging_init(partition_base, partition_size);
}

__u64 arch_mapped_size(void)
{
	return paging_mapped_size();
}

void arch_cpu_init(void)
{
	paging_load();
	fpu_cpu_init();
	apic_init();
	apic_timer_init();
	syscall_init();
}

const char *arch_apic_mode(void)
{
	return this_cpu()->arch.x2apic ? "x2APIC" : "xAPIC";
}

__u64 arch_timestamp(void)
{
	return rdtsc();
}

__u64 arch_timestamp_ordered(void)
{
	__u64 tsc;

	__asm__ volatile("lfence" : : : "memory");
	tsc = rdtsc();
	__asm__ volatile("lfence" : : : "memory");
	return tsc;
}

void arch_idle(void)
{
	cpu_idle_once();
}

void arch_idle_pause(void)
{
	cpu_pause_open();
}

void arch_send_ipi(__u32 apic_id, __u32 vector)
{
	apic_send_ipi(apic_id, vector);
}

__noreturn void arch_cpu_stop(void)
{
	cpu_stop();
}
