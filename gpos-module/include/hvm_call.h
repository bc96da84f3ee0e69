/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between the files of hvm.ko's half of the call protocol (hvm/call.h):
 *   call.c          the ioctls: a request becomes one slot per target CPU
 *   call_slot.c     one slot's life: claim, post, wait, abort, release
 *   call_forward.c  what a running call asks of Linux: faults, system calls
 *   call_stages.c   where a forwarded system call's time goes (statistics)
 *   call_check.c    pure decisions on what the HRT and user space wrote
 *                   (hvm_call_check.h, unit-tested on the host)
 * A slot is named by its index i; the hvm_slot*() accessors of hvm/call.h
 * find its records in the partition.
 */
#ifndef HVM_CALL_INTERNAL_H
#define HVM_CALL_INTERNAL_H

#include <linux/ktime.h>
#include <linux/percpu-rwsem.h>
#include <hvm/ioctl.h>

struct hvm_space_ctx;

/* call_slot.c */
extern struct percpu_rw_semaphore hvm_calls_sem; /* boot and halt exclude posting */
int hvm_slot_claim(struct hvm_space_ctx *owner);
void hvm_slot_unclaim(unsigned int i);
void hvm_slot_post(unsigned int i, unsigned int cpu, unsigned int space,
		   const struct hvm_call_request *req, u64 stack_top);
void hvm_slot_kick(unsigned int i);
void hvm_slot_wake_cpu(unsigned int i);
int hvm_slot_outcome(unsigned int i);
/* For hvm_slots_wait(): a signal for the caller ends the wait (CALL_INTERRUPTED). */
#define CALL_WAIT_INTERRUPTIBLE (1u << 31)
int hvm_slots_wait(const u16 *slot, int *outcome, unsigned int nr, u32 flags, ktime_t deadline,
		   struct hvm_space_ctx *ctx);
void hvm_slot_abort(unsigned int i);
void hvm_slot_release(unsigned int i);
bool hvm_slot_is_callers(unsigned int i);
void hvm_slot_signal(unsigned int i);
void hvm_slot_copy_fault(unsigned int i, struct hvm_crash_record *out);
unsigned int hvm_slot_least_busy_cpu(u64 cpus);

/* call_forward.c */
int hvm_forward_serve(unsigned int i, struct hvm_space_ctx *ctx);
void hvm_forward_to_caller(unsigned int i, struct hvm_call_request *req);
bool hvm_forward_answer(unsigned int i, struct hvm_forward *out);
void hvm_forward_resume(unsigned int i, u64 ret);

/* call_stages.c */
void hvm_stages_reset(unsigned int i);
void hvm_stages_seen(unsigned int i);
void hvm_stages_made(unsigned int i);
void hvm_stages_posted(unsigned int i);
void hvm_stages_close(unsigned int i, struct hvm_space_ctx *ctx);

#endif /* HVM_CALL_INTERNAL_H */
