// SPDX-License-Identifier: GPL-2.0
/*
 * The HRT heap of a merging process (hvm/call.h, Memory calls): the
 * runtime reserved it on Linux and names it at merge; hvm-kernel will hand
 * out its pages as the process's memory. Checked here so a wrong request
 * is refused with a reason instead of becoming faults on the HRT: it must
 * be exactly inside one anonymous private PROT_NONE mapping of the caller
 * (reserved: hvm-kernel commits the pages it hands out).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/sched/mm.h>

#include "hvm_module.h"
#include "hvm_call_check.h"

static atomic64_t heap_merge_seq = ATOMIC64_INIT(0);

/* A fresh merge_seq: never 0, never repeated while hvm.ko is loaded. */
u64 hvm_heap_next_seq(void)
{
	return atomic64_inc_return(&heap_merge_seq);
}

/* Is [start, end) inside one anonymous private PROT_NONE mapping of @mm? */
static bool heap_mapping_ok(struct mm_struct *mm, u64 start, u64 end)
{
	struct vm_area_struct *vma;
	bool ok;

	mmap_read_lock(mm);
	vma = vma_lookup(mm, start);
	ok = vma && vma->vm_end >= end && vma_is_anonymous(vma) &&
	     !(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC | VM_SHARED));
	mmap_read_unlock(mm);
	return ok;
}

/* 0 when @req names no heap or a usable one, else -EINVAL (and says why, rate-limited). */
int hvm_heap_check(const struct hvm_merge_request *req)
{
	u64 start = req->heap_start, end = req->heap_end, brk = req->heap_brk;

	if (!start && !end && !brk)
		return 0;
	if (!start || start >= end || !hvm_lower_half(start, end - start) || !PAGE_ALIGNED(start) ||
	    !PAGE_ALIGNED(end) || (brk && (brk > start || PAGE_ALIGN(brk) != start))) {
		pr_warn_ratelimited(
			"merge of pid %d refused: its HRT heap [%#llx, %#llx) with break %#llx is not a page-aligned lower-half range starting at the break's page (a multiverse-rt bug: rebuild the program with this tree's mv-cc)\n",
			task_tgid_nr(current), start, end, brk);
		return -EINVAL;
	}
	if (!heap_mapping_ok(current->mm, start, end)) {
		pr_warn_ratelimited(
			"merge of pid %d refused: its HRT heap [%#llx, %#llx) is not inside one anonymous private PROT_NONE mapping of the process (unmapped or changed before the merge?)\n",
			task_tgid_nr(current), start, end);
		return -EINVAL;
	}
	return 0;
}
