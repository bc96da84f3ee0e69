/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Merged address spaces and TLB shootdowns (kernel/space.c), protocol in hvm/call.h. */
#ifndef HVM_KERNEL_SPACE_H
#define HVM_KERNEL_SPACE_H

#include <hvm/call.h>

#include "kernel.h"
#include "memlayout.h"

/* The shared struct hvm_core of HRT CPU @cpu. */
static inline struct hvm_core *core_get(unsigned int cpu)
{
	return hvm_core_at(partition(), cpu);
}

/* The shared struct hvm_space of space @id. */
static inline struct hvm_space *space_get(unsigned int id)
{
	return hvm_space_at(partition(), id);
}

/* Once per CPU at boot, before it takes calls: clear the fields it publishes. */
void space_cpu_init(void);

/* Switch this CPU into space @id (interrupts off); -EINVAL when it is not live. */
int space_enter(unsigned int id);

/* Back to the kernel's own page tables; nothing of the space stays cached. */
void space_leave(void);

/* From HVM_VECTOR_SYNC: answer a pending shootdown request. Never waits. */
void space_shootdown(void);

/* After Linux served a forwarded request: take the space's newest entries (interrupts off). */
void space_refresh(void);

#endif /* HVM_KERNEL_SPACE_H */
