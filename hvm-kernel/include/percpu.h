/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Per-CPU data: one struct percpu per HRT CPU, found through this_cpu().
 * Each field is written only by its own CPU (the counters from its own
 * interrupt handlers, with interrupts off), so no lock guards them.
 */
#ifndef HVM_PERCPU_H
#define HVM_PERCPU_H

#include "kernel.h"
#include "arch/percpu.h"

struct percpu {
	struct percpu *self;		/* offset 0: read through %gs:0 */
	unsigned int cpu;		/* index in boot_info->cpus[] */
	unsigned int apic_id;		/* read from the local APIC */
	bool crashing;			/* the crash path has started */
	unsigned long nr_interrupts;	/* external interrupts taken */
	unsigned long nr_nmis;
	unsigned long nr_spurious;
	unsigned long nr_commands;	/* mailbox commands handled */
	struct arch_percpu arch;
};

_Static_assert(__builtin_offsetof(struct percpu, self) == 0, "%gs:0 is self");

struct percpu *percpu_get(unsigned int cpu);
void percpu_init(unsigned int cpu);

static inline struct percpu *this_cpu(void)
{
	return arch_this_cpu();
}

#endif /* HVM_PERCPU_H */
