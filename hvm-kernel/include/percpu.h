/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Per-CPU data: one struct percpu per HRT CPU, found through this_cpu().
 * Each field is written only by its own CPU (the counters from its own
 * interrupt handlers, the call and space fields with interrupts off), so
 * no lock guards them. The arch part comes right after self, so assembly
 * finds its first fields at fixed %gs: offsets (arch/percpu.h).
 */
#ifndef HVM_PERCPU_H
#define HVM_PERCPU_H

#include <hvm/call.h>

#include "kernel.h"
#include "arch/percpu.h"

struct thread;

struct percpu {
	struct percpu *self; /* offset 0: read through %gs:0 */
	struct arch_percpu arch; /* offset 8 */
	unsigned int cpu; /* index in boot_info->cpus[] */
	unsigned int apic_id; /* read from the local APIC */
	bool crashing; /* the crash path has started */
	unsigned long nr_interrupts; /* external interrupts taken */
	unsigned long nr_nmis;
	unsigned long nr_spurious;
	unsigned long nr_commands; /* mailbox commands handled */
	unsigned int irq_depth; /* external interrupt handlers running (trap code) */
	struct thread *thread; /* the thread running now, NULL none (sched.c) */
	unsigned int call_slot; /* slot index + 1 of the call it runs, 0 none */
	unsigned int nr_parked; /* threads parked, those that yielded included */
	unsigned int nr_yielded; /* threads parked by sched_yield() */
	unsigned int nr_sleeping; /* threads parked by sched_sleep() */
	unsigned int sched_next; /* slot where the next scan for resumed calls starts */
	unsigned int call_next; /* slot where the next scan for posted calls starts */
	__u64 parked[HVM_MAX_SLOTS / 64]; /* bit n: slot n's thread is parked here (sched.c) */
	/* slot.c: the slots need a scan only after a post (core.post_seq) or a kick since the last. */
	__u32 post_seen; /* core.post_seq when a scan last found no posted slot */
	unsigned int nr_kicks; /* HVM_VECTOR_KICKs taken */
	unsigned int kicks_seen; /* nr_kicks then */
	bool posts_maybe; /* the last scan found one: there may be more */
	__u64 poll_cycles; /* how long an idle CPU polls before it halts (idle.c) */
	unsigned int
		poll_backoff; /* idle periods left without polling: the host was short of cores */
	__u64 slice_start; /* TSC when the running thread got the CPU (preempt.c) */
	__u64 slice_end; /* TSC when its slice ends, 0 while nothing else waits */
	__u64 timer_tsc; /* what the APIC timer is armed for, 0 none (preempt.c) */
	__u32 abort_seq; /* abort request of the running call, acked after ABORTED */
	unsigned int space; /* space id + 1 its page tables hold, 0 none */
	__u32 space_generation; /* that space's generation when its entries were copied */
	unsigned long nr_syscalls_native; /* system calls served here (syscall.c) */
	unsigned long nr_syscalls_forwarded; /* system calls Linux made (forward.c) */
	unsigned long nr_faults_forwarded; /* page faults Linux resolved or refused */
};

_Static_assert(__builtin_offsetof(struct percpu, self) == 0, "%gs:0 is self");
_Static_assert(__builtin_offsetof(struct percpu, arch) == 8, "%gs:8 is the arch part");

struct percpu *percpu_get(unsigned int cpu);
void percpu_init(unsigned int cpu);

static inline struct percpu *this_cpu(void)
{
	return arch_this_cpu();
}

#endif /* HVM_PERCPU_H */
