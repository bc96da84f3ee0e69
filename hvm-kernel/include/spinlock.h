/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Spinlocks between HRT CPUs. Holders keep interrupts off, so an interrupt
 * handler on the same CPU can take the same lock without deadlocking.
 */
#ifndef HVM_SPINLOCK_H
#define HVM_SPINLOCK_H

#include "kernel.h"
#include "arch/cpu.h"
#include "percpu.h"

struct spinlock {
	__u32 locked;
	__u32 owner; /* holder's cpu + 1, for the crash path; 0 when free */
};

static inline unsigned long spin_lock_irqsave(struct spinlock *l)
{
	unsigned long flags = local_irq_save();

	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_relax();
	l->owner = this_cpu()->cpu + 1;
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	l->owner = 0;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	local_irq_restore(flags);
}

/* Crash path only: drop the lock if this CPU died holding it. */
static inline void spin_break_if_owner(struct spinlock *l)
{
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == this_cpu()->cpu + 1)
		spin_unlock_irqrestore(l, 0);
}

#endif /* HVM_SPINLOCK_H */
