/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The decisions of the call protocol (hvm/call.h) on values hvm.ko did not
 * write itself: what the HRT left in a slot, a forward record or a crash
 * record, and what user space asks for in a call request. Pure
 * (call_check.c, no kernel calls): compiled into hvm.ko and the host unit
 * tests (tests/unit/test_call_check.c).
 */
#ifndef HVM_CALL_CHECK_H
#define HVM_CALL_CHECK_H

#include <hvm/call.h>
#include <hvm/ioctl.h>

#include "hvm_pure.h"

/*
 * A call's outcome as hvm.ko's slot layer reports it: 0 (done), -EFAULT
 * (faulted), -EINTR (aborted), another -errno from the wait, or one of
 * these positive codes. They are not slot states (HVM_SLOT_*, written in
 * shared memory) and are never compared with one: positive means "the call
 * has not ended", so its CPU may still run on its stack (hvm_call_unfinished()).
 */
#define CALL_PENDING 1 /* not finished yet */
#define CALL_WANTS_LINUX 2 /* HVM_SLOT_FORWARD: waits for Linux */
#define CALL_INTERRUPTED 3 /* the waiting thread has a signal to handle */

/*
 * What a slot the HRT wrote means for the caller: 0, -EFAULT, -EINTR,
 * CALL_WANTS_LINUX or CALL_PENDING. A state that is not a known one, or any
 * state whose state_seq is not the call's seq (hvm/call.h, Sequence check),
 * means "not finished": the caller keeps waiting until its timeout.
 */
int hvm_slot_status(__u32 state, __u32 state_seq, __u32 seq);

/* Non-zero while an outcome says the call has not ended (it must be aborted before release). */
int hvm_call_unfinished(int outcome);

/* Non-zero for a forward record that asks Linux to resolve a page fault. */
int hvm_forward_is_fault(__u64 nr);

/* A forward record, each field read once, into @out (ret 0). */
void hvm_forward_copy(const struct hvm_forward *fw, struct hvm_forward *out);

/*
 * Hand a forwarded system call to the caller: req's status, forward record
 * (hvm_forward_copy()) and, for a call that creates a task
 * (hvm_forward_carries_regs()), the thread's registers from regs.
 */
void hvm_forward_to_request(const struct hvm_forward *fw, const struct hvm_regs *regs,
			    struct hvm_call_request *req);

/*
 * Make a string copied from the partition, in a buffer of @size bytes, safe
 * to print: it ends at its first NUL or at the buffer's last byte, which
 * becomes NUL, and every byte before that which is not printable ASCII
 * (0x20-0x7e) becomes '?', so no control or escape sequence reaches a log
 * or a terminal.
 */
void hvm_text_sanitize(char *text, __u32 size);

/*
 * Make a crash record copied from the partition safe to print and to
 * index: its reason sanitized (hvm_text_sanitize()), nr_frames at most
 * HVM_CRASH_MAX_FRAMES, cpu = @cpu, whose record it is.
 */
void hvm_crash_sanitize(struct hvm_crash_record *rec, __u32 cpu);

/* Non-zero when [addr, addr + len) lies in the lower half (no wrap-around). */
int hvm_lower_half(__u64 addr, __u64 len);

/* NULL when a call request can be posted to nr_cpus HRT CPUs, else why not. */
const char *hvm_call_problem(const struct hvm_call_request *req, __u32 nr_cpus);

/* The stack top of the call a request (checked by hvm_call_problem()) makes on HRT CPU cpu. */
__u64 hvm_call_stack_top(const struct hvm_call_request *req, __u32 cpu);

/* Non-zero when a ticket from user space fits a pending-call index (32 bits); it may name none. */
int hvm_ticket_valid(__u64 ticket);

#endif /* HVM_CALL_CHECK_H */
