// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The local APIC timer as a one-shot alarm clock for sleeping calls and
 * time slices (include/arch.h, arch_timer_arm()). hvm-kernel has no tick:
 * a CPU whose only work is sleeping calls arms the timer for the earliest
 * deadline before it halts (kernel/sched.c), the interrupt ends the halt,
 * and the scheduler looks at the deadlines again; a CPU running a thread
 * while others wait arms it for the end of the thread's slice
 * (kernel/preempt.c, which keeps what it is armed for). TSC-deadline mode would need no
 * calibration, but QEMU's TCG CPU models lack it, so the timer counts in
 * one-shot mode, divide by 1, calibrated against the TSC once per CPU at
 * boot (1 ms measured with Linux's tsc_khz, twice: apic_timer_measure()).
 * It is armed for 1/64 less than the time left (and at most ~4 s of
 * counts): an early wake-up costs one more pass of the scheduler, a late
 * one would oversleep. Its
 * interrupt needs nothing but an EOI (the trap code gives every vector it
 * does not know one) and a look at the running thread's slice (trap.c), so
 * it is harmless when it fires early or for a thread that no longer runs.
 */
#include "arch.h"
#include "bootinfo.h"
#include "kernel.h"
#include "percpu.h"
#include "printk.h"
#include "arch/apic.h"
#include "arch/cpu.h"

#define APIC_TIMER_DIVIDE_1 0xbu
#define APIC_TIMER_CALIBRATE_MS 1
/* Without a calibration (no tsc_khz): wake every so many counts and look again. */
#define APIC_TIMER_FALLBACK_COUNT 100000u

/* Timer counts per millisecond, per CPU (the same on all under one clock, but measured each). */
static __u32 apic_timer_per_ms[HVM_MAX_CPUS];

/*
 * Timer counts per millisecond over one measured stretch: the counts between
 * two reads of the current count, over the TSC cycles between them (not
 * the time since the initial count was written: under TCG the first pass
 * through this code waits for its translation, counts and all, which made
 * the first CPU's timer fire a quarter late).
 */
static __u32 apic_timer_measure(__u64 khz)
{
	__u64 start, end;
	__u32 first, left;

	apic_write(APIC_TIMER_INITIAL, 0xffffffffu);
	first = apic_read(APIC_TIMER_CURRENT);
	start = rdtsc();
	while (rdtsc() - start < khz * APIC_TIMER_CALIBRATE_MS)
		cpu_relax();
	left = apic_read(APIC_TIMER_CURRENT);
	end = rdtsc();
	apic_write(APIC_TIMER_INITIAL, 0);
	return end > start ? (__u32)((__u64)(first - left) * khz / (end - start)) : 0;
}

void apic_timer_init(void)
{
	unsigned int cpu = this_cpu()->cpu;
	__u64 khz = boot_info->tsc_khz;

	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | APIC_VECTOR_TIMER);
	apic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIVIDE_1);
	if (!khz)
		return;
	apic_timer_measure(khz); /* warms the code up; the second pass counts */
	apic_timer_per_ms[cpu] = apic_timer_measure(khz);
	if (!apic_timer_per_ms[cpu])
		kprintf("hvm-kernel: cpu %u: the local APIC timer did not count: sleeping calls wake on other interrupts only\n",
			cpu);
}

void arch_timer_arm(__u64 tsc)
{
	__u64 now = rdtsc(), khz = boot_info->tsc_khz, cycles, count;
	__u32 per_ms = apic_timer_per_ms[this_cpu()->cpu];

	cycles = tsc > now ? tsc - now : 0;
	cycles -= cycles / 64;
	if (!per_ms || !khz)
		count = APIC_TIMER_FALLBACK_COUNT;
	else if (cycles / khz >= 0xffffffffull / per_ms) /* > ~4 s at 1 GHz: wake, re-arm */
		count = 0xffffffffull;
	else
		count = cycles * per_ms / khz;
	apic_write(APIC_LVT_TIMER, APIC_VECTOR_TIMER); /* one-shot, unmasked */
	apic_write(APIC_TIMER_INITIAL, count ? (__u32)count : 1);
}
