/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* ROS -> HRT calls (kernel/call.c), protocol in hvm/call.h. */
#ifndef HVM_KERNEL_CALL_H
#define HVM_KERNEL_CALL_H

#include "kernel.h"

/* How a call ended (arch_call_run()); each maps to one HVM_SLOT_* state. */
#define CALL_DONE 0
#define CALL_FAULTED 1
#define CALL_ABORTED 2

/* The idle loop of every CPU once it is up: runs the calls posted to it, one at a time. */
__noreturn void call_loop(void);

/*
 * From HVM_VECTOR_SYNC: answer a pending abort request; true when it names
 * the call this CPU is running, which the caller must then unwind.
 */
bool call_abort_requested(void);

#endif /* HVM_KERNEL_CALL_H */
