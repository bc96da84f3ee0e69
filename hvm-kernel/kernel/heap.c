// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * HRT heaps (include/heap.h; hvm/call.h, Memory calls). The state of each
 * space's heap lives here in hvm-kernel, keyed by the merge that
 * published it, so a process that takes a space id after another starts
 * with all of its heap free; a fork child never sees it (it runs natively
 * and has its own copy of the memory).
 *
 * Pages go back to the free ones fresh, so that handing them out needs no
 * work: a changed range is mapped anew by a forwarded anonymous MAP_FIXED
 * mmap (which also zeroes it); an unchanged one below HEAP_ZERO_MAX is
 * zeroed here (its pages are usually present, inside a transparent huge
 * page: no fault, no round trip), a larger one is given back to Linux with
 * a forwarded madvise(MADV_DONTNEED), so a program that frees much memory
 * does not keep it; reused, it faults in again, one fault per huge page.
 * Measured with malloc_churn (tests/bench/, allocations up to 768 KiB,
 * HVM_NATIVE=all against none in one VM): giving every range back to Linux
 * saved nothing (3132 ms against 3046 ms: each reuse refaults 4 KiB pages
 * of split huge pages), zeroing below 256 KiB nothing either (3019 ms
 * against 3047 ms), zeroing below 2 MiB made it 6.5 times faster (557 ms
 * against 3642 ms).
 */
#include <hvm/call.h>

#include "arch.h"
#include "forward.h"
#include "heap.h"
#include "memlayout.h"
#include "percpu.h"
#include "printk.h"
#include "profile.h"
#include "sched.h"
#include "space.h"

/* Unchanged ranges below this size are zeroed on release, others dropped by Linux. */
#define HEAP_ZERO_MAX (2ULL << 20)

/* How Linux maps heap memory, at a fixed place. */
#define HEAP_MAP_FLAGS (MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)

static struct heap heaps[HVM_MAX_SPACES];

/*
 * The space's heap as Linux published it, or none when its bounds make no
 * sense. Lock held; merge_seq is published last, for heap_current()'s
 * lockless look.
 */
static void heap_reset(struct heap *h, const struct hvm_space *s, unsigned int id)
{
	__u64 start = s->heap_start, end = s->heap_end, brk = s->heap_brk;

	h->start = h->end = h->brk_start = h->brk = 0;
	h->map_full_told = 0;
	if (!start || start >= end || end > HVM_LOWER_HALF_END || start % PAGE_SIZE ||
	    end % PAGE_SIZE || (end - start) / PAGE_SIZE > HEAPMAP_NONE - 1) {
		if (start || end)
			kprintf("hvm-kernel: space %u: heap [0x%llx, 0x%llx) unusable: memory calls forwarded\n",
				id, start, end);
		return;
	}
	h->start = start;
	h->end = end;
	if (brk && brk <= start && ALIGN_UP(brk, PAGE_SIZE) == start)
		h->brk_start = h->brk = brk;
	heapmap_init(&h->map, heap_page(h, end));
}

struct heap *heap_current(void)
{
	unsigned int id = this_cpu()->thread->space;
	const struct hvm_space *s = space_get(id);
	struct heap *h = &heaps[id];
	__u64 seq = s->merge_seq; /* written before the space went LIVE */
	unsigned long flags;

	if (!seq || !s->heap_start)
		return NULL;
	if (__atomic_load_n(&h->merge_seq, __ATOMIC_ACQUIRE) != seq) {
		flags = spin_lock_irqsave(&h->lock);
		if (h->merge_seq != seq) {
			heap_reset(h, s, id);
			__atomic_store_n(&h->merge_seq, seq, __ATOMIC_RELEASE);
		}
		spin_unlock_irqrestore(&h->lock, flags);
	}
	return h->start < h->end ? h : NULL;
}

bool heap_holds(const struct heap *h, __u64 addr, __u64 len)
{
	return addr >= h->start && addr < h->end && len <= h->end - addr;
}

bool heap_overlaps(const struct heap *h, __u64 addr, __u64 len)
{
	return addr < h->end && addr + len > h->start && addr + len > addr;
}

unsigned int heap_states(struct heap *h, __u64 addr, __u64 len)
{
	unsigned long flags = spin_lock_irqsave(&h->lock);
	unsigned int states = heapmap_states(&h->map, heap_page(h, addr),
					     heap_page(h, addr + len + PAGE_SIZE - 1));

	spin_unlock_irqrestore(&h->lock, flags);
	return states;
}

__u64 heap_alloc(struct heap *h, __u64 len, __u64 hint)
{
	__u32 n = (__u32)(len / PAGE_SIZE), align = 1, first, at = HEAPMAP_NONE;
	unsigned long flags;

	if (len > h->end - h->start)
		return 0;
	if (len >= LARGE_PAGE_SIZE)
		align = LARGE_PAGE_SIZE / PAGE_SIZE;
	if (hint && heap_holds(h, hint, len))
		at = heap_page(h, hint);
	flags = spin_lock_irqsave(&h->lock);
	first = heapmap_find(&h->map, n, align, (__u32)((h->start / PAGE_SIZE) % align), at);
	if (first != HEAPMAP_NONE && !heapmap_set(&h->map, first, first + n, HEAP_USED))
		first = HEAPMAP_NONE;
	spin_unlock_irqrestore(&h->lock, flags);
	return first == HEAPMAP_NONE ? 0 : h->start + (__u64)first * PAGE_SIZE;
}

bool heap_claim_free(struct heap *h, __u64 addr, __u64 len, unsigned int *states)
{
	__u32 first = heap_page(h, addr), end = heap_page(h, addr + len);
	unsigned long flags = spin_lock_irqsave(&h->lock);
	bool claimed;

	*states = heapmap_states(&h->map, first, end);
	claimed = *states == HEAP_STATE(HEAP_FREE) && heapmap_set(&h->map, first, end, HEAP_USED);
	spin_unlock_irqrestore(&h->lock, flags);
	return claimed;
}

/*
 * The page map had no room for a change: the pages around @addr stay the
 * program's and are never handed out again (safe, only address space is
 * lost). Said once per merge: a program this fragmented would flood the log.
 */
static void heap_map_full(struct heap *h, __u64 addr)
{
	if (__atomic_exchange_n(&h->map_full_told, 1, __ATOMIC_RELAXED))
		return;
	kprintf("hvm-kernel: heap at 0x%llx: its page map (%u extents) is full: pages around 0x%llx and later ones like them are not handed out again\n",
		h->start, HEAPMAP_MAX_EXTENTS, addr);
}

void heap_mark_used(struct heap *h, __u64 addr, __u64 len)
{
	unsigned long flags = spin_lock_irqsave(&h->lock);
	bool done = heapmap_set(&h->map, heap_page(h, addr), heap_page(h, addr + len), HEAP_USED);

	spin_unlock_irqrestore(&h->lock, flags);
	if (!done) /* never handed out again, which is all that matters */
		heap_mark_changed(h, addr, len);
}

void heap_mark_changed(struct heap *h, __u64 addr, __u64 len)
{
	__u64 start = MAX(ALIGN_DOWN(addr, PAGE_SIZE), h->start);
	__u64 end = MIN(ALIGN_UP(addr + len, PAGE_SIZE), h->end);
	unsigned long flags;
	bool widened;

	if (!heap_overlaps(h, addr, len) || start >= end)
		return;
	flags = spin_lock_irqsave(&h->lock);
	widened =
		heapmap_set_widened(&h->map, heap_page(h, start), heap_page(h, end), HEAP_CHANGED);
	spin_unlock_irqrestore(&h->lock, flags);
	if (widened)
		heap_map_full(h, start);
}

/*
 * Have Linux map [addr, addr + len) as the heap again: fresh zero pages,
 * with the heap's flags (MADV_HUGEPAGE too), so that Linux merges the
 * mapping back into the heap's instead of keeping a piece apart.
 */
static long heap_remap(__u64 addr, __u64 len, __u64 flags)
{
	__u64 map[FORWARD_ARGS] = {addr, len, PROT_READ | PROT_WRITE, flags, (__u64)-1, 0};
	__u64 advice[FORWARD_ARGS] = {addr, len, MADV_HUGEPAGE};
	long ret = heap_forward(__NR_mmap, map);

	if (ret != (long)addr)
		return ret < 0 ? ret : -EFAULT;
	heap_forward(__NR_madvise, advice); /* only a hint: its failure changes nothing */
	return 0;
}

long heap_refresh(struct heap *h __unused, __u64 addr, __u64 len, unsigned int states)
{
	__u64 args[FORWARD_ARGS] = {addr, len, MADV_DONTNEED};

	if (states & HEAP_STATE(HEAP_CHANGED))
		return heap_remap(addr, len, HEAP_MAP_FLAGS | MAP_FIXED);
	if (!(states & HEAP_STATE(HEAP_USED)))
		return 0;
	if (len >= HEAP_ZERO_MAX && heap_forward(__NR_madvise, args) == 0)
		return 0;
	/* Fails only if Linux no longer maps the pages writable, which no call of ours did. */
	if (arch_clear_out((void *)addr, len))
		return heap_remap(addr, len, HEAP_MAP_FLAGS | MAP_FIXED);
	return 0;
}

static bool heap_mark_free(struct heap *h, __u64 addr, __u64 len)
{
	unsigned long flags = spin_lock_irqsave(&h->lock);
	bool done = heapmap_set(&h->map, heap_page(h, addr), heap_page(h, addr + len), HEAP_FREE);

	spin_unlock_irqrestore(&h->lock, flags);
	return done;
}

long heap_release(struct heap *h, __u64 addr, __u64 len)
{
	long err = heap_refresh(h, addr, len, heap_states(h, addr, len));

	if (err) {
		heap_mark_changed(h, addr, len);
		return err;
	}
	if (!heap_mark_free(h, addr, len))
		heap_map_full(h, addr);
	return 0;
}

void heap_refill(struct heap *h, __u64 addr, __u64 len)
{
	if (!heap_remap(addr, len, HEAP_MAP_FLAGS | MAP_FIXED_NOREPLACE))
		heap_mark_free(h, addr, len);
}

long heap_forward(__u64 nr, const __u64 args[FORWARD_ARGS])
{
	__u64 start = arch_timestamp();
	long ret = forward_syscall(nr, args);

	profile_syscall(nr, true, start);
	return ret;
}
