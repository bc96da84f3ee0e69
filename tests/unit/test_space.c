// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the pure parts of the merged address space and the call
 * protocol (gpos-module/space_sync.c): the top-level page-table copy and
 * re-sync over fake tables, the reading of slot outcomes the HRT wrote, and
 * the validation of call requests.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hvm_space.h"

static __u64 src[512], dst[HVM_LOWER_PML4_ENTRIES];

Test(pml4_sync, copies_present_entries_and_clears_nx)
{
	memset(src, 0, sizeof(src));
	memset(dst, 0, sizeof(dst));
	src[0] = 0x1234000 | HVM_PTE_PRESENT | 0x6;
	src[1] = 0x5678000 | HVM_PTE_PRESENT | HVM_PTE_NX;
	src[255] = 0x9abc000 | HVM_PTE_PRESENT;
	src[256] = 0xdead000 | HVM_PTE_PRESENT;	/* upper half: never copied */
	cr_assert_eq(hvm_pml4_sync(src, dst), 3);
	cr_assert_eq(dst[0], 0x1234000 | HVM_PTE_PRESENT | 0x6);
	cr_assert_eq(dst[1], 0x5678000 | HVM_PTE_PRESENT, "NX must be cleared (KPTI)");
	cr_assert_eq(dst[255], 0x9abc000 | HVM_PTE_PRESENT);
	for (int i = 2; i < 255; i++)
		cr_assert_eq(dst[i], 0);
}

Test(pml4_sync, resync_reports_only_changes)
{
	memset(src, 0, sizeof(src));
	memset(dst, 0, sizeof(dst));
	src[3] = 0x3000 | HVM_PTE_PRESENT;
	cr_assert_eq(hvm_pml4_sync(src, dst), 1);
	cr_assert_eq(hvm_pml4_sync(src, dst), 0, "nothing changed: no new generation");
	src[3] = 0;		/* Linux freed the PUD page */
	src[7] = 0x7000 | HVM_PTE_PRESENT;	/* and populated another entry */
	cr_assert_eq(hvm_pml4_sync(src, dst), 2);
	cr_assert_eq(dst[3], 0);
	cr_assert_eq(dst[7], 0x7000 | HVM_PTE_PRESENT);
}

Test(pml4_sync, non_present_entries_become_zero)
{
	memset(src, 0, sizeof(src));
	memset(dst, 0xff, sizeof(dst));
	src[9] = 0xfff0000 | HVM_PTE_NX;	/* not present: whatever else is set */
	cr_assert_eq(hvm_pml4_sync(src, dst), HVM_LOWER_PML4_ENTRIES);
	cr_assert_eq(dst[9], 0);
}

Test(slot_status, finished_outcomes_need_the_calls_own_sequence)
{
	cr_assert_eq(hvm_slot_status(HVM_SLOT_DONE, 5, 5), 0);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_FAULTED, 5, 5), -EFAULT);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_ABORTED, 4, 5), -EINTR);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_DONE, 4, 5), 1, "a stale DONE from the previous call");
	cr_assert_eq(hvm_slot_status(HVM_SLOT_RUNNING, 5, 5), 1);
	cr_assert_eq(hvm_slot_status(HVM_SLOT_POSTED, 5, 5), 1);
	cr_assert_eq(hvm_slot_status(0xdeadbeef, 5, 5), 1, "garbage from the HRT is not an outcome");
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

Test(call_problem, accepts_a_sane_request)
{
	struct hvm_call_request r = good_request();

	cr_assert_null(hvm_call_problem(&r, 2));
	r.cpu = HVM_CALL_ALL;
	r.stack_stride = 65536;
	r.flags = HVM_CALL_ASYNC | HVM_CALL_SLEEP;
	cr_assert_null(hvm_call_problem(&r, 2));
}

Test(call_problem, rejects_what_the_hrt_must_not_run)
{
	struct hvm_call_request r;

	r = good_request(); r.cpu = 2;
	cr_assert_str_eq(hvm_call_problem(&r, 2), "no such HRT CPU");
	r = good_request(); r.func = 0xffffffff81000000ULL;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "not in the process's lower half"));
	r = good_request(); r.func = 0;
	cr_assert_not_null(hvm_call_problem(&r, 2));
	r = good_request(); r.stack_top += 8;
	cr_assert_str_eq(hvm_call_problem(&r, 2), "the stack top is not 16-byte aligned");
	r = good_request(); r.stack_top = 0xffff888000000000ULL;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "stack is not in the process's lower half"));
	r = good_request(); r.fs_base = 0xffff888000001000ULL;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "FS base"));
	r = good_request(); r.flags = 1u << 7;
	cr_assert_str_eq(hvm_call_problem(&r, 2), "unknown flags");
	r = good_request(); r.cpu = HVM_CALL_ALL; r.stack_stride = 8;
	cr_assert_not_null(strstr(hvm_call_problem(&r, 2), "stride"));
	r = good_request(); r.cpu = HVM_CALL_ALL; r.stack_top = 0x10000; r.stack_stride = 0x10000;
	cr_assert_not_null(hvm_call_problem(&r, 4), "stacks would wrap below address 0");
}
