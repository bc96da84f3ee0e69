/* SPDX-License-Identifier: GPL-2.0 */
/* Slot mechanics of ROS -> HRT calls (call.c), used by the request layer (pending.c). */
#ifndef HVM_CALL_INTERNAL_H
#define HVM_CALL_INTERNAL_H

#include <linux/bitmap.h>
#include <linux/ktime.h>
#include <linux/percpu-rwsem.h>
#include <hvm/ioctl.h>

struct hvm_space_ctx;

extern unsigned long hvm_slot_busy[];		/* a set bit: the slot is claimed */
extern struct percpu_rw_semaphore hvm_calls_sem;	/* boot and halt exclude posting */

struct hvm_call_slot *hvm_shared_slot(unsigned int i);
struct hvm_forward *hvm_shared_forward(unsigned int i);
struct hvm_regs *hvm_shared_regs(unsigned int i);
int hvm_slot_claim(void);
void hvm_slot_release(unsigned int i);
void hvm_slot_post(unsigned int i, unsigned int cpu, unsigned int space,
		   const struct hvm_call_request *req, u64 stack_top);
int hvm_slot_outcome(unsigned int i);
void hvm_slot_resume(unsigned int i, u64 ret);
void hvm_slot_abort(unsigned int i);
bool hvm_slot_is_callers(unsigned int i);
void hvm_slot_signal(unsigned int i);
/* Also for hvm_slot_wait(): a signal for the caller ends the wait (HVM_SLOT_INTERRUPTED). */
#define HVM_WAIT_INTERRUPTIBLE (1u << 31)
int hvm_slot_wait(unsigned int i, u32 flags, ktime_t deadline, struct hvm_space_ctx *ctx);
void hvm_slot_copy_fault(unsigned int i, struct hvm_crash_record *out);

#endif /* HVM_CALL_INTERNAL_H */
