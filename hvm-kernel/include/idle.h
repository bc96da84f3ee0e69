/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* An idle CPU: poll for Linux's answers a while, then halt (kernel/idle.c). */
#ifndef HVM_KERNEL_IDLE_H
#define HVM_KERNEL_IDLE_H

/* The scheduler loop has nothing to run: wait until it may have (interrupts off). */
void idle_wait(void);

#endif /* HVM_KERNEL_IDLE_H */
