/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Call slots: taking ROS -> HRT calls, one thread each (kernel/slot.c), protocol in hvm/call.h. */
#ifndef HVM_KERNEL_SLOT_H
#define HVM_KERNEL_SLOT_H

#include <hvm/call.h>

#include "kernel.h"

/* How a call ended (arch_enter_func()); each maps to one HVM_SLOT_* state. */
#define CALL_DONE 0
#define CALL_FAULTED 1
#define CALL_ABORTED 2

/* The per-CPU scheduler loop, every CPU's once it is up: runs its threads, starts posted calls. */
__noreturn void sched_loop(void);

/* True when a call waits to be started on this CPU. */
bool slot_posted(void);

/* A kick came: a slot may have been posted without a new core.post_seq; look at all of them. */
void slot_kicked(void);

/* Call slot @i in shared memory (i < HVM_MAX_SLOTS). */
struct hvm_call_slot *slot_get(unsigned int i);

/* Publish @state in slot @s (HRT states only), then ring Linux's doorbell if a thread sleeps. */
void slot_publish(struct hvm_call_slot *s, __u32 state);

/*
 * From HVM_VECTOR_SYNC: answer a pending abort request; true when it names
 * the call this CPU is running, which the caller must then unwind; a call
 * of this CPU parked waiting for Linux is finished as HVM_SLOT_ABORTED at
 * once. Either way the request is acknowledged only after
 * HVM_SLOT_ABORTED is published, so Linux, which waits for the ack, never
 * sees the call still waiting in HVM_SLOT_FORWARD and resumes it (a store
 * that would hide the outcome).
 */
bool slot_abort_requested(void);

#endif /* HVM_KERNEL_SLOT_H */
