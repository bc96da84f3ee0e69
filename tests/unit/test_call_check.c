// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the call protocol's decisions on values hvm.ko did not
 * write (gpos-module/call_check.c): slot states the HRT left, forward and
 * crash records, lower-half ranges, call requests and tickets from user
 * space.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hvm_call_check.h"

#define END HVM_LOWER_HALF_END

Test(slot_status, every_state_with_the_calls_own_sequence)
{
	cr_assert_eq(hvm_slot_status(HVM_SLOT_FREE, 5, 5), CALL_PENDING);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_POSTED, 5, 5), CALL_PENDING);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_RUNNING, 5, 5), CALL_PENDING);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_DONE, 5, 5), 0);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_FAULTED, 5, 5), -EFAULT);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_ABORTED, 5, 5), -EINTR);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_FORWARD, 5, 5), CALL_WANTS_LINUX);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_RESUMED, 5, 5), CALL_PENDING);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_RESUMED + 1, 5, 5), CALL_PENDING);
	cr_assert_eq(hvm_slot_status(0xdeadbeef, 5, 5), CALL_PENDING,
		     "garbage from the HRT is not an outcome");
}

Test(slot_status, a_stale_sequence_is_no_outcome)
{
	cr_assert_eq(hvm_slot_status(HVM_SLOT_DONE, 4, 5), CALL_PENDING,
		     "a stale DONE from the previous call");
	cr_assert_eq(hvm_slot_status(HVM_SLOT_FAULTED, 4, 5), CALL_PENDING);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_DONE, 0xffffffff, 0), CALL_PENDING,
		     "the sequence wrapped: still the previous call");
	cr_assert_eq(hvm_slot_status(HVM_SLOT_DONE, 0, 0), 0);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_ABORTED, 4, 5), CALL_PENDING,
		     "a stale ABORTED from the previous call");
	cr_assert_eq(hvm_slot_status(HVM_SLOT_DONE, 6, 5), CALL_PENDING,
		     "a state_seq from the future is garbage");
}

Test(slot_status, a_forward_counts_only_for_the_calls_own_sequence)
{
	cr_assert_eq(hvm_slot_status(HVM_SLOT_FORWARD, 5, 5), CALL_WANTS_LINUX);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_FORWARD, 4, 5), CALL_PENDING,
		     "Linux posted with state_seq = seq - 1: a FORWARD before the HRT took "
		     "the call is stale, never a request of this call");
	cr_assert_eq(hvm_slot_status(HVM_SLOT_FORWARD, 0xffffffff, 0), CALL_PENDING);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_FORWARD, 0, 0xffffffff), CALL_PENDING);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_FORWARD, 0x12345678, 5), CALL_PENDING,
		     "a forged FORWARD with a random state_seq");
	/* After Linux resumed it, the call runs on with its own state_seq: still pending. */
	cr_assert_eq(hvm_slot_status(HVM_SLOT_RESUMED, 5, 5), CALL_PENDING);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_RUNNING, 5, 5), CALL_PENDING);
}

Test(outcome, positive_codes_are_distinct_and_unfinished)
{
	cr_assert(CALL_PENDING > 0 && CALL_WANTS_LINUX > 0 && CALL_INTERRUPTED > 0);
	cr_assert(CALL_PENDING != CALL_WANTS_LINUX && CALL_WANTS_LINUX != CALL_INTERRUPTED &&
		  CALL_PENDING != CALL_INTERRUPTED);
	cr_assert(hvm_call_unfinished(CALL_PENDING));
	cr_assert(hvm_call_unfinished(CALL_WANTS_LINUX));
	cr_assert(hvm_call_unfinished(CALL_INTERRUPTED));
	cr_assert_not(hvm_call_unfinished(0));
	cr_assert_not(hvm_call_unfinished(-EFAULT));
	cr_assert_not(hvm_call_unfinished(-EINTR));
	cr_assert_not(hvm_call_unfinished(-EIO));
}

Test(forward, only_the_fault_number_is_a_fault)
{
	cr_assert(hvm_forward_is_fault(HVM_FORWARD_FAULT));
	cr_assert_not(hvm_forward_is_fault(0));
	cr_assert_not(hvm_forward_is_fault(HVM_NR_CLONE));
	cr_assert_not(hvm_forward_is_fault(HVM_FORWARD_FAULT - 1));
}

static void forward_of(__u64 nr, struct hvm_forward *fw, struct hvm_regs *regs,
		       struct hvm_call_request *req)
{
	unsigned int a;

	memset(fw, 0, sizeof(*fw));
	fw->nr = nr;
	for (a = 0; a < 6; a++)
		fw->args[a] = 100 + a;
	fw->ret = 0x5555; /* stale: the caller must not see it */
	memset(regs, 0x11, sizeof(*regs));
	memset(req, 0x77, sizeof(*req));
	hvm_forward_to_request(fw, regs, req);
}

Test(forward, a_system_call_reaches_the_caller_without_registers)
{
	struct hvm_call_request req, untouched;
	struct hvm_forward fw;
	struct hvm_regs regs;

	forward_of(0 /* read */, &fw, &regs, &req);
	memset(&untouched, 0x77, sizeof(untouched));
	cr_assert_eq(req.nr_cpus, 1);
	cr_assert_eq(req.status[0], HVM_CALL_FORWARDED);
	cr_assert_eq(req.forward.nr, 0);
	for (unsigned int a = 0; a < 6; a++)
		cr_assert_eq(req.forward.args[a], 100 + a);
	cr_assert_eq(req.forward.ret, 0);
	cr_assert_eq(memcmp(&req.regs, &untouched.regs, sizeof(req.regs)), 0,
		     "only task-creating calls carry registers");
}

Test(forward, task_creating_calls_carry_the_threads_registers)
{
	const __u64 nrs[] = {HVM_NR_CLONE, HVM_NR_FORK, HVM_NR_VFORK, HVM_NR_CLONE3};
	struct hvm_call_request req;
	struct hvm_forward fw;
	struct hvm_regs regs;

	for (unsigned int k = 0; k < sizeof(nrs) / sizeof(nrs[0]); k++) {
		forward_of(nrs[k], &fw, &regs, &req);
		cr_assert_eq(req.forward.nr, nrs[k]);
		cr_assert_eq(memcmp(&req.regs, &regs, sizeof(regs)), 0, "call %llu",
			     (unsigned long long)nrs[k]);
	}
}

Test(crash_record, is_made_safe_to_print)
{
	struct hvm_crash_record rec;

	memset(&rec, 'x', sizeof(rec));
	rec.nr_frames = 0xffffffff;
	hvm_crash_sanitize(&rec, 3);
	cr_assert_eq(rec.reason[sizeof(rec.reason) - 1], 0);
	cr_assert_eq(strlen(rec.reason), sizeof(rec.reason) - 1);
	cr_assert_eq(rec.nr_frames, HVM_CRASH_MAX_FRAMES);
	cr_assert_eq(rec.cpu, 3);
	rec.nr_frames = HVM_CRASH_MAX_FRAMES - 1;
	hvm_crash_sanitize(&rec, 0);
	cr_assert_eq(rec.nr_frames, HVM_CRASH_MAX_FRAMES - 1, "a sane count stays");
	cr_assert_eq(rec.cpu, 0);
}

Test(crash_record, its_reason_reaches_dmesg_escaped)
{
	struct hvm_crash_record rec;

	memset(&rec, 0, sizeof(rec));
	strcpy(rec.reason, "page fault \x1b[2J\r\n\a\x7f\x80\xff end");
	hvm_crash_sanitize(&rec, 1);
	cr_assert_str_eq(rec.reason, "page fault ?[2J?????? end");
}

Test(text_sanitize, printable_ascii_stays)
{
	char t[] = " !09AZaz~{}|\\/";
	char copy[sizeof(t)];

	memcpy(copy, t, sizeof(t));
	hvm_text_sanitize(t, sizeof(t));
	cr_assert_str_eq(t, copy);
}

Test(text_sanitize, every_other_byte_becomes_a_question_mark)
{
	char t[256];
	unsigned int b;

	for (b = 1; b < 256; b++)
		t[b - 1] = (char)b;
	t[255] = 0;
	hvm_text_sanitize(t, sizeof(t));
	cr_assert_eq(strlen(t), 255);
	for (b = 1; b < 256; b++)
		cr_assert_eq(t[b - 1], b >= 0x20 && b <= 0x7e ? (char)b : '?', "byte %#x", b);
}

Test(text_sanitize, ends_at_the_first_nul_or_the_last_byte)
{
	char t[8] = {'a', 0, 0x1b, 0x1b, 0x1b, 0x1b, 0x1b, 0x1b};
	char full[4] = {'a', 'b', 'c', 'd'};

	hvm_text_sanitize(t, sizeof(t));
	cr_assert_str_eq(t, "a");
	cr_assert_eq(t[2], 0x1b, "bytes after the NUL are not printed, so left alone");
	hvm_text_sanitize(full, sizeof(full));
	cr_assert_str_eq(full, "abc", "an unterminated string loses its last byte to the NUL");
	hvm_text_sanitize(full, 0); /* no buffer, nothing to write */
}

Test(lower_half, ranges_at_the_edges)
{
	cr_assert(hvm_lower_half(0, 0));
	cr_assert(hvm_lower_half(0, END));
	cr_assert(hvm_lower_half(END - 1, 1));
	cr_assert(hvm_lower_half(END - 4096, 4096));
	cr_assert_not(hvm_lower_half(END - 1, 2));
	cr_assert_not(hvm_lower_half(0, END + 1));
	cr_assert_not(hvm_lower_half(END, 0));
	cr_assert_not(hvm_lower_half(0xffff888000000000ULL, 1));
}

Test(lower_half, lengths_that_would_overflow)
{
	cr_assert_not(hvm_lower_half(1, ~0ULL), "addr + len wraps around");
	cr_assert_not(hvm_lower_half(END - 1, ~0ULL));
	cr_assert_not(hvm_lower_half(~0ULL, 1));
	cr_assert_not(hvm_lower_half(~0ULL, ~0ULL));
}

static struct hvm_call_request good_request(void)
{
	struct hvm_call_request r;

	memset(&r, 0, sizeof(r));
	r.func = 0x401000;
	r.stack_top = 0x7ffff0000000;
	r.cpu = 1;
	return r;
}

static struct hvm_call_request good_thread(void)
{
	struct hvm_call_request r = good_request();

	r.flags = HVM_CALL_FROM_REGS;
	r.func = 0;
	r.regs.rip = 0x401000;
	r.regs.rsp = 0x7ffff0000000;
	return r;
}

Test(call_problem, accepts_a_sane_request)
{
	struct hvm_call_request r = good_request();

	cr_assert_null(hvm_call_problem(&r, 2));
	r.cpu = HVM_CALL_ALL;
	r.stack_stride = 65536;
	r.flags = HVM_CALL_ASYNC | HVM_CALL_SLEEP;
	cr_assert_null(hvm_call_problem(&r, 2));
	r = good_request();
	r.cpu = HVM_CALL_ALL;
	cr_assert_null(hvm_call_problem(&r, 1), "one CPU needs no stride");
	r = good_request();
	r.stack_top = 4096;
	cr_assert_null(hvm_call_problem(&r, 2), "the lowest usable stack");
}

Test(call_problem, cpu_index_bounds)
{
	struct hvm_call_request r = good_request();

	r.cpu = 0;
	cr_assert_null(hvm_call_problem(&r, 1));
	r.cpu = 1;
	cr_assert_str_eq(hvm_call_problem(&r, 1), "no such HRT CPU");
	r.cpu = HVM_MAX_CPUS;
	cr_assert_str_eq(hvm_call_problem(&r, HVM_MAX_CPUS), "no such HRT CPU");
	r.cpu = HVM_CALL_ANY - 1;
	cr_assert_str_eq(hvm_call_problem(&r, HVM_MAX_CPUS), "no such HRT CPU");
	r.cpu = HVM_CALL_ANY; /* hvm.ko places it in the process's set */
	cr_assert_null(hvm_call_problem(&r, 1));
	r = good_thread();
	r.cpu = 7;
	cr_assert_str_eq(hvm_call_problem(&r, 2), "no such HRT CPU",
			 "checked before a thread's registers");
}

Test(call_problem, rejects_what_the_hrt_must_not_run)
{
	struct hvm_call_request r;

	r = good_request();
	r.func = 0xffffffff81000000ULL;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "not in the process's lower half"));
	r = good_request();
	r.func = 0;
	cr_assert_not_null(hvm_call_problem(&r, 2));
	r = good_request();
	r.stack_top += 8;
	cr_assert_str_eq(hvm_call_problem(&r, 2), "the stack top is not 16-byte aligned");
	r = good_request();
	r.stack_top = 0xffff888000000000ULL;
	cr_assert_not_null(
		strstr(hvm_call_problem(&r, 2), "stack is not in the process's lower half"));
	r = good_request();
	r.stack_top = 0;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "stack is not"), "0 - 1 wraps");
	r = good_request();
	r.stack_top = 4096 - 16;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "stack is not"));
	r = good_request();
	r.fs_base = 0xffff888000001000ULL;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "FS base"));
	r = good_request();
	r.flags = 1u << 7;
	cr_assert_str_eq(hvm_call_problem(&r, 2), "unknown flags");
	r = good_request();
	r.flags = 1u << 31;
	cr_assert_str_eq(hvm_call_problem(&r, 2), "unknown flags", "hvm.ko's own wait flag");
}

Test(call_problem, all_cpu_stacks_neither_overlap_nor_wrap)
{
	struct hvm_call_request r;

	r = good_request();
	r.cpu = HVM_CALL_ALL;
	r.stack_stride = 8;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "stride"));
	r = good_request();
	r.cpu = HVM_CALL_ALL;
	r.stack_stride = 256 + 8;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "stride"), "not 16-byte aligned");
	r = good_request();
	r.cpu = HVM_CALL_ALL;
	r.stack_top = 0x10000;
	r.stack_stride = 0x10000;
	cr_assert_not_null(hvm_call_problem(&r, 4), "stacks would wrap below address 0");
	r = good_request();
	r.cpu = HVM_CALL_ALL;
	r.stack_stride = 1ULL << 62;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 3), "stride"),
			   "(nr_cpus - 1) * stride would overflow");
	r = good_request();
	r.cpu = HVM_CALL_ALL;
	r.stack_top = 0x20000;
	r.stack_stride = 0x10000;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 3), "stack is not"), "the last stack at 0");
	r.stack_stride = 0xf000;
	cr_assert_null(hvm_call_problem(&r, 3), "the last stack at 0x2000");
}

Test(call_problem, thread_registers)
{
	struct hvm_call_request r;

	r = good_thread();
	cr_assert_null(hvm_call_problem(&r, 2));
	r.regs.rsp = END;
	cr_assert_null(hvm_call_problem(&r, 2), "the stack may start at the very end");
	r = good_thread();
	r.cpu = HVM_CALL_ALL;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "not on all"));
	r = good_thread();
	r.regs.rip = 0;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "rip or rsp"));
	r = good_thread();
	r.regs.rip = END;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "rip or rsp"));
	r = good_thread();
	r.regs.rsp = 0;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "rip or rsp"), "0 - 1 wraps");
	r = good_thread();
	r.regs.rsp = 4095;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "rip or rsp"));
	r = good_thread();
	r.regs.rsp = END + 16;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "rip or rsp"));
	r = good_thread();
	r.regs.fs_base = END;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "FS base"));
}

Test(call_stack_top, one_stack_per_cpu)
{
	struct hvm_call_request r = good_request();

	cr_assert_eq(hvm_call_stack_top(&r, 0), r.stack_top);
	cr_assert_eq(hvm_call_stack_top(&r, 5), r.stack_top, "a single-CPU call has one stack");
	r.cpu = HVM_CALL_ALL;
	r.stack_stride = 0x10000;
	cr_assert_eq(hvm_call_stack_top(&r, 0), r.stack_top);
	cr_assert_eq(hvm_call_stack_top(&r, 3), r.stack_top - 0x30000);
	cr_assert_eq(hvm_call_stack_top(&r, HVM_MAX_CPUS - 1),
		     r.stack_top - (__u64)(HVM_MAX_CPUS - 1) * 0x10000);
}

Test(ticket, fits_32_bits)
{
	cr_assert(hvm_ticket_valid(0));
	cr_assert(hvm_ticket_valid(0xffffffffULL));
	cr_assert_not(hvm_ticket_valid(0x100000000ULL));
	cr_assert_not(hvm_ticket_valid(~0ULL));
}
