// SPDX-License-Identifier: GPL-2.0
/*
 * Merged address spaces: the HRT walks a Linux process's own page tables
 * for the lower half, exactly like an IOMMU doing shared virtual
 * addressing. Linux's TLB shootdowns never reach HRT CPUs (they are not in
 * the mm's cpumask), so an MMU notifier does it: invalidate_range() runs
 * after Linux changed a page table and before anything it pointed to is
 * reused, possibly in atomic context. It re-syncs the shared copy of the
 * top-level entries and has every HRT CPU running in the space flush its
 * TLB, waiting (bounded) for each acknowledgement (core.c). release()
 * stops the HRT using the space before Linux tears the page tables down,
 * and gives its id back at once: a forked child may keep the /dev/hvm file
 * (and so the context) long after the merged process is gone.
 *
 * Limits: HVM_MAX_SPACES spaces in the partition, one per merged process;
 * each space's calls count against its share of the call slots
 * (call_slot.c, max_slots_per_process).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mmu_notifier.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/utsname.h>
#include <asm/pgtable.h>
#include <asm/trap_pf.h>

#include "hvm_call_check.h"
#include "hvm_module.h"
#include "hvm_space.h"

struct hvm_space_ctx {
	unsigned int id;
	struct mm_struct *mm;
	struct mmu_notifier mn;
	raw_spinlock_t sync_lock; /* pml4 copy and generation bump */
	bool dead; /* release() ran: never enter again */
	bool id_gone; /* under sync_lock and spaces_lock: the id is free, maybe another's */
	atomic_t slots; /* call slots claimed for this space (call_slot.c) */
	/* What the HRT serves natively from (hvm/call.h, Native system calls), taken at merge. */
	__u64 native[HVM_NATIVE_WORDS];
	__u32 tgid, ppid;
	struct hvm_uts uts;
	u64 merged_ns; /* ktime_get_ns() at merge (profiles) */
	/* Forwarded system calls' stages (call_stages.c), summed for the profile. */
	atomic64_t stage_calls, stage_ticks[HVM_FORWARD_STAGES];
	__u64 heap_start, heap_end, heap_brk,
		merge_seq; /* the HRT heap (hvm/call.h, Memory calls) */
	u64 cpus; /* the process's HRT CPUs (hvm/ioctl.h, HVM_IOC_MERGE), never 0 */
	u32 flags; /* HVM_SPACE_* (hvm/call.h) */
};

static struct hvm_space_ctx *spaces[HVM_MAX_SPACES]; /* under spaces_lock */
static DEFINE_MUTEX(spaces_lock);

static struct hvm_space *shared_space(unsigned int id)
{
	return hvm_space_at(hvm_hrt.part, id);
}

/* Re-copy the top-level entries; publish a new generation if any changed. */
static void space_sync(struct hvm_space_ctx *ctx)
{
	struct hvm_space *s = shared_space(ctx->id);
	unsigned long flags;

	raw_spin_lock_irqsave(&ctx->sync_lock, flags);
	if (ctx->id_gone)
		goto out_unlock;
	if (ctx->dead)
		memset(s->pml4, 0, sizeof(s->pml4));
	if (ctx->dead || hvm_pml4_sync((const __u64 *)ctx->mm->pgd, s->pml4))
		hvm_publish(&s->generation, s->generation + 1);
out_unlock:
	raw_spin_unlock_irqrestore(&ctx->sync_lock, flags);
}

/* Flush every HRT CPU that runs in the space; stop those that do not answer. */
static void space_shootdown(struct hvm_space_ctx *ctx)
{
	unsigned int cpu;

	hvm_full_fence(); /* the page-table change is visible before we read core->space */
	for (cpu = 0; cpu < hvm_hrt.nr_cpus; cpu++)
		hvm_core_shootdown(cpu, ctx->id);
}

static void hvm_mn_invalidate_range(struct mmu_notifier *mn, struct mm_struct *mm,
				    unsigned long start, unsigned long end)
{
	struct hvm_space_ctx *ctx = container_of(mn, struct hvm_space_ctx, mn);

	if (READ_ONCE(hvm_hrt.state) != HVM_HRT_RUNNING &&
	    READ_ONCE(hvm_hrt.state) != HVM_HRT_CRASHED)
		return;
	space_sync(ctx);
	space_shootdown(ctx);
}

/* Nobody may enter the space again: its calls stop, every HRT CPU drops it. Once. */
static void space_kill(struct hvm_space_ctx *ctx)
{
	if (xchg(&ctx->dead, true))
		return;
	hvm_publish(&shared_space(ctx->id)->state, HVM_SPACE_DEAD);
	hvm_calls_abort_space(ctx->id);
	space_sync(ctx);
	space_shootdown(ctx);
}

/*
 * The space's id goes back to the table (after space_kill(): no HRT CPU uses
 * it); from now on nothing of this context touches the shared space. Once.
 */
static void space_free_id(struct hvm_space_ctx *ctx)
{
	unsigned long flags;

	mutex_lock(&spaces_lock);
	if (spaces[ctx->id] == ctx) {
		raw_spin_lock_irqsave(&ctx->sync_lock, flags);
		ctx->id_gone = true;
		raw_spin_unlock_irqrestore(&ctx->sync_lock, flags);
		hvm_publish(&shared_space(ctx->id)->state, HVM_SPACE_FREE);
		spaces[ctx->id] = NULL;
	}
	mutex_unlock(&spaces_lock);
}

/*
 * The process's address space is going away (its last task exits, or the
 * file is closed): the space dies and its id is free for the next process,
 * even while a forked child still holds the file.
 */
static void hvm_mn_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct hvm_space_ctx *ctx = container_of(mn, struct hvm_space_ctx, mn);

	space_kill(ctx);
	space_free_id(ctx);
}

static const struct mmu_notifier_ops hvm_mn_ops = {
	.invalidate_range = hvm_mn_invalidate_range,
	.release = hvm_mn_release,
};

/* Publish a space to the HRT: its entries, then LIVE. spaces_lock held. */
static void space_publish(struct hvm_space_ctx *ctx)
{
	struct hvm_space *s = shared_space(ctx->id);
	u32 generation = s->generation;

	/* The generation only grows, so no HRT CPU mistakes a reused id for its cached copy. */
	memset(s, 0, sizeof(*s));
	s->generation = generation;
	memcpy(s->native, ctx->native, sizeof(s->native));
	s->tgid = ctx->tgid;
	s->ppid = ctx->ppid;
	s->uts = ctx->uts;
	hvm_profile_reset(ctx->id);
	s->heap_start = ctx->heap_start;
	s->heap_end = ctx->heap_end;
	s->heap_brk = ctx->heap_brk;
	s->merge_seq = ctx->merge_seq;
	s->cpus = ctx->cpus;
	s->flags = ctx->flags;
	space_sync(ctx);
	hvm_publish(&s->generation, s->generation + 1);
	hvm_publish(&s->state, ctx->dead ? HVM_SPACE_DEAD : HVM_SPACE_LIVE);
}

/* What the native system calls answer for the caller, as Linux would now. */
static void space_identity(struct hvm_space_ctx *ctx, const struct hvm_merge_request *req)
{
	const struct new_utsname *u = utsname();

	memcpy(ctx->native, req->native, sizeof(ctx->native));
	ctx->heap_start = req->heap_start;
	ctx->heap_end = req->heap_end;
	ctx->heap_brk = req->heap_brk;
	ctx->cpus = req->cpus ? req->cpus : hvm_cpus_first(hvm_hrt.nr_cpus);
	ctx->flags = req->flags;
	ctx->merge_seq = hvm_heap_next_seq();
	ctx->tgid = task_tgid_vnr(current);
	rcu_read_lock();
	ctx->ppid = task_tgid_vnr(rcu_dereference(current->real_parent));
	rcu_read_unlock();
	BUILD_BUG_ON(sizeof(ctx->uts) != sizeof(*u));
	memcpy(&ctx->uts, u, sizeof(ctx->uts));
}

/*
 * Merge the calling process's address space with its native system-call
 * policy and HRT heap; returns its context or an ERR_PTR. Refuses 5-level
 * paging, which the HRT does not support yet.
 */
struct hvm_space_ctx *hvm_space_merge(const struct hvm_merge_request *req)
{
	struct hvm_space_ctx *ctx;
	unsigned int id;
	int err;

	if (pgtable_l5_enabled()) {
		pr_warn_ratelimited(
			"cannot merge: the guest runs 5-level paging (LA57), which hvm-kernel does not support yet; boot it with no5lvl (vmconfigs/ does)\n");
		return ERR_PTR(-EOPNOTSUPP);
	}
	err = hvm_heap_check(req);
	if (err)
		return ERR_PTR(err);
	if (req->cpus & ~hvm_cpus_first(hvm_hrt.nr_cpus)) {
		pr_warn_ratelimited(
			"cannot merge pid %d: its HRT CPU set %#llx names CPU %u, but the HRT has CPUs 0-%u (HVM_CPUS)\n",
			task_tgid_nr(current), req->cpus, (unsigned int)__fls(req->cpus),
			hvm_hrt.nr_cpus - 1);
		return ERR_PTR(-EINVAL);
	}
	if ((req->flags & ~HVM_SPACE_FLAGS_KNOWN) || req->pad) {
		pr_warn_ratelimited(
			"cannot merge pid %d: unknown space flags %#x (this hvm.ko knows %#x): rebuild the program against this tree's multiverse-rt\n",
			task_tgid_nr(current), req->flags, HVM_SPACE_FLAGS_KNOWN);
		return ERR_PTR(-EINVAL);
	}
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	raw_spin_lock_init(&ctx->sync_lock);
	ctx->mm = current->mm;
	ctx->mn.ops = &hvm_mn_ops;
	ctx->merged_ns = ktime_get_ns();
	space_identity(ctx, req);
	mutex_lock(&spaces_lock);
	for (id = 0; id < HVM_MAX_SPACES && spaces[id]; id++)
		;
	err = -ENOSPC;
	if (id == HVM_MAX_SPACES) {
		pr_warn_ratelimited(
			"cannot merge pid %d: all %u merged address spaces are in use (one per running hybrid program): it gets ENOSPC; wait for one to end, or run it natively (HVM_HYBRID=0)\n",
			task_tgid_nr(current), HVM_MAX_SPACES);
		goto err_unlock;
	}
	ctx->id = id;
	err = mmu_notifier_register(&ctx->mn, ctx->mm);
	if (err)
		goto err_unlock;
	spaces[id] = ctx;
	space_publish(ctx);
	mutex_unlock(&spaces_lock);
	return ctx;

err_unlock:
	mutex_unlock(&spaces_lock);
	kfree(ctx);
	return ERR_PTR(err);
}

/*
 * Unmerge: no HRT CPU may use the space any more, the notifier goes (its
 * release() may still run meanwhile), and only then is the id reusable
 * (release() gave it back already if the process ended first).
 */
void hvm_space_put(struct hvm_space_ctx *ctx)
{
	space_kill(ctx);
	mmu_notifier_unregister(&ctx->mn, ctx->mm);
	space_free_id(ctx);
	kfree(ctx);
}

u64 hvm_space_cpus(const struct hvm_space_ctx *ctx)
{
	return ctx->cpus;
}

u32 hvm_space_tgid(const struct hvm_space_ctx *ctx)
{
	return ctx->tgid;
}

/* The space is live and the caller is in the process that merged it. */
static bool space_is_callers(const struct hvm_space_ctx *ctx)
{
	return !READ_ONCE(ctx->dead) && current->mm == ctx->mm;
}

/*
 * HVM_IOC_MERGE on a descriptor that merged already: the same space for
 * the process that merged it; -EBUSY for any other process (a fork child
 * holding the inherited descriptor, the program after exec), whether the
 * space's process still runs or has exited: its id is not the caller's.
 */
int hvm_space_merge_again(const struct hvm_space_ctx *ctx)
{
	if (space_is_callers(ctx))
		return 0;
	pr_warn_ratelimited(
		"HVM_IOC_MERGE refused: pid %d's /dev/hvm descriptor already merged space %u of another process (%s; the descriptor was inherited across fork or kept across exec): open /dev/hvm again to merge this process\n",
		task_tgid_nr(current), ctx->id,
		READ_ONCE(ctx->dead) ? "which has exited" : "which still runs");
	return -EBUSY;
}

/* One more call slot for the space, if it has fewer than @share; false when it has them all. */
bool hvm_space_slot_get(struct hvm_space_ctx *ctx, unsigned int share)
{
	int n = atomic_read(&ctx->slots);

	do {
		if (n >= (int)share)
			return false;
	} while (!atomic_try_cmpxchg(&ctx->slots, &n, n + 1));
	return true;
}

void hvm_space_slot_put(struct hvm_space_ctx *ctx)
{
	atomic_dec(&ctx->slots);
}

/* Before a call: the HRT must see the process's current top-level entries. */
int hvm_space_prepare(struct hvm_space_ctx *ctx)
{
	if (!space_is_callers(ctx))
		return -ESRCH;
	space_sync(ctx);
	return 0;
}

/*
 * HVM_IOC_GET_PROFILE: the live space of the process with address space
 * @mm, or space req->space when mm is NULL; under spaces_lock its id cannot
 * be reused while its counters are copied into out. 0 or -ENOENT.
 */
/* One forwarded system call's stages, in TSC ticks (call_stages.c). */
void hvm_space_add_stages(struct hvm_space_ctx *ctx, const u64 ticks[HVM_FORWARD_STAGES])
{
	int n;

	for (n = 0; n < HVM_FORWARD_STAGES; n++)
		atomic64_add(ticks[n], &ctx->stage_ticks[n]);
	atomic64_inc(&ctx->stage_calls);
}

static void space_read_stages(struct hvm_space_ctx *ctx, struct hvm_profile_request *req)
{
	int n;

	req->stage_calls = atomic64_read(&ctx->stage_calls);
	for (n = 0; n < HVM_FORWARD_STAGES; n++)
		req->stage_ticks[n] = atomic64_read(&ctx->stage_ticks[n]);
}

int hvm_space_read_profile(struct mm_struct *mm, struct hvm_profile_request *req,
			   struct hvm_profile_entry *out)
{
	struct hvm_space_ctx *ctx = NULL;
	unsigned int id;
	int err = -ENOENT;

	mutex_lock(&spaces_lock);
	for (id = 0; id < HVM_MAX_SPACES && !ctx; id++)
		if (spaces[id] && (mm ? spaces[id]->mm == mm : id == req->space))
			ctx = spaces[id];
	if (ctx && !READ_ONCE(ctx->dead)) {
		req->space = ctx->id;
		req->tgid = ctx->tgid;
		req->merged_ns = ktime_get_ns() - ctx->merged_ns;
		space_read_stages(ctx, req);
		hvm_profile_copy(ctx->id, out);
		err = 0;
	}
	mutex_unlock(&spaces_lock);
	return err;
}

unsigned int hvm_space_id(const struct hvm_space_ctx *ctx)
{
	return ctx->id;
}

/* Spaces whose id is taken: merged, or being unmerged. */
unsigned int hvm_spaces_count(void)
{
	unsigned int id, n = 0;

	mutex_lock(&spaces_lock);
	for (id = 0; id < HVM_MAX_SPACES; id++)
		n += spaces[id] != NULL;
	mutex_unlock(&spaces_lock);
	return n;
}

/* After hvm-kernel (re)booted with a zeroed boot area: publish every space again. */
void hvm_spaces_republish(void)
{
	unsigned int id;

	mutex_lock(&spaces_lock);
	for (id = 0; id < HVM_MAX_SPACES; id++)
		if (spaces[id])
			space_publish(spaces[id]);
	mutex_unlock(&spaces_lock);
}

/*
 * Resolve a page fault an HRT call took at addr (error code as the CPU gave
 * it) the way the process's own fault would be: called by the waiting
 * thread, which is the process, and killable like its own faults (the mm's
 * lock and the fault itself, which may drop the lock and retry, give up
 * on a fatal signal). 0 when the page is there now (the HRT retries),
 * -EFAULT (nothing mapped) or -EACCES (mapped, not for this access) for a
 * real fault, -EINTR after a fatal signal (the call is stopped, not
 * answered).
 */
int hvm_space_fault(struct hvm_space_ctx *ctx, u64 addr, u64 error_code)
{
	unsigned int flags =
		FAULT_FLAG_KILLABLE | ((error_code & X86_PF_WRITE) ? FAULT_FLAG_WRITE : 0);
	struct vm_area_struct *vma;
	bool unlocked = false;
	int err;

	if (!hvm_lower_half(addr, 1) || current->mm != ctx->mm || READ_ONCE(ctx->dead))
		return -EFAULT;
	if (mmap_read_lock_killable(ctx->mm))
		return -EINTR;
	/* fixup_user_fault() checks read and write permission, not execute. */
	vma = vma_lookup(ctx->mm, addr);
	if ((error_code & X86_PF_INSTR) && (!vma || !(vma->vm_flags & VM_EXEC)))
		err = -EFAULT;
	else /* with &unlocked it may drop the lock and retry, killably; it holds it again after */
		err = fixup_user_fault(ctx->mm, addr, flags, &unlocked);
	/* SIGSEGV's si_code: mapped but not so (SEGV_ACCERR), or not mapped (looked up anew). */
	if (err && err != -EINTR)
		err = vma_lookup(ctx->mm, addr) ? -EACCES : -EFAULT;
	mmap_read_unlock(ctx->mm);
	if (err)
		return err;
	space_sync(ctx);
	return 0;
}
