// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * HRT heaps (include/heap.h; hvm/call.h, Memory calls). The state of each
 * space's heap lives here in hvm-kernel, keyed by the merge that
 * published it, so a process that takes a space id after another starts
 * with all of its heap reserved; a fork child never sees it (it runs
 * natively and has its own copy of the memory).
 *
 * Linux charges the heap as it charges the program's own mappings
 * (docs/design.md, section 11): the runtime reserves it PROT_NONE (no
 * RLIMIT_DATA, no overcommit charge), and reserved pages are committed
 * when handed out by a forwarded mprotect to read-write, which Linux
 * checks against RLIMIT_DATA and charges to its overcommit policy as a
 * native mmap (the address space does not change). When Linux refuses,
 * the heap's committed free pages are decommitted (mapped PROT_NONE again,
 * which uncharges them) and it asks once more; refused again, the pages
 * are reserved again and the program's call fails as it would natively.
 * What the program does to its limits, and what Linux refuses it, the
 * heap follows after each forwarded call (heap_forwarded()); pages it
 * gives back for want of address space are gone for good (HEAP_GONE).
 *
 * Pages go back fresh: a range of HEAP_ZERO_MAX or more, or one Linux may
 * have changed, is decommitted (reserved: reused, it is committed again
 * and faults in anew), so Linux's data_vm and commit follow what the
 * program holds; a smaller unchanged one is zeroed here and stays
 * committed and free (its pages are usually present, inside a transparent
 * huge page: no fault, no round trip). Measured with malloc_churn
 * (tests/bench/, allocations up to 768 KiB, HVM_NATIVE=all against none in
 * one VM): giving every range back to Linux saved nothing (3132 ms against
 * 3046 ms: each reuse refaults 4 KiB pages of split huge pages), zeroing
 * below 256 KiB nothing either (3019 ms against 3047 ms), zeroing below
 * 2 MiB made it 6.5 times faster (557 ms against 3642 ms).
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

/* Unchanged ranges below this size are zeroed on release, others decommitted. */
#define HEAP_ZERO_MAX (2ULL << 20)

/* Free committed pages this close above the break are left to brk (heap_alloc()). */
#define HEAP_BRK_ROOM (2ULL << 20)

/*
 * A range from this size on with free committed pages is reserved whole
 * before it is committed (heap_commit()): an extra round trip that only
 * a mapping near the size of RAM and swap needs.
 */
#define HEAP_COMMIT_WHOLE_MIN (64ULL << 20)

/* How Linux maps heap memory, at a fixed place: committed read-write, or reserved PROT_NONE. */
#define HEAP_MAP_FLAGS (MAP_PRIVATE | MAP_ANONYMOUS)

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
	h->gone = 0;
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
	heapmap_init(&h->map, heap_page(h, end), HEAP_RESERVED);
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

/* Has some of the heap gone back to Linux (HEAP_GONE)? Then the map says what is the heap's. */
static bool heap_gone(const struct heap *h)
{
	return __atomic_load_n(&h->gone, __ATOMIC_RELAXED);
}

bool heap_holds(struct heap *h, __u64 addr, __u64 len)
{
	if (addr < h->start || addr >= h->end || len > h->end - addr)
		return false;
	return !heap_gone(h) || !(heap_states(h, addr, len) & HEAP_STATE(HEAP_GONE));
}

bool heap_overlaps(struct heap *h, __u64 addr, __u64 len)
{
	__u64 start = MAX(ALIGN_DOWN(addr, PAGE_SIZE), h->start);
	__u64 end = MIN(ALIGN_UP(addr + len, PAGE_SIZE), h->end);

	if (addr >= h->end || addr + len <= h->start || addr + len <= addr)
		return false;
	return !heap_gone(h) || (heap_states(h, start, end - start) & ~HEAP_STATE(HEAP_GONE));
}

unsigned int heap_states(struct heap *h, __u64 addr, __u64 len)
{
	unsigned long flags = spin_lock_irqsave(&h->lock);
	unsigned int states = heapmap_states(&h->map, heap_page(h, addr),
					     heap_page(h, ALIGN_UP(addr + len, PAGE_SIZE)));

	spin_unlock_irqrestore(&h->lock, flags);
	return states;
}

__u64 heap_alloc(struct heap *h, __u64 len, __u64 hint, unsigned int *states)
{
	__u32 n = (__u32)(len / PAGE_SIZE), align = 1, phase, first, at = HEAPMAP_NONE;
	unsigned long flags;

	if (len > h->end - h->start)
		return 0;
	if (len >= LARGE_PAGE_SIZE)
		align = LARGE_PAGE_SIZE / PAGE_SIZE;
	phase = (__u32)((h->start / PAGE_SIZE) % align);
	if (hint && heap_holds(h, hint, len))
		at = heap_page(h, hint);
	flags = spin_lock_irqsave(&h->lock);
	/*
	 * Committed pages first: handing them out needs no call to Linux; but
	 * not those just above the break, which brk may want back.
	 */
	first = heapmap_find(&h->map, n, align, phase, at, HEAP_STATE(HEAP_FREE));
	if (first != HEAPMAP_NONE && first != at && h->brk_start &&
	    h->start + (__u64)first * PAGE_SIZE < h->brk + HEAP_BRK_ROOM)
		first = HEAPMAP_NONE;
	if (first == HEAPMAP_NONE)
		first = heapmap_find(&h->map, n, align, phase, at, HEAP_STATES_FREE);
	if (first != HEAPMAP_NONE)
		*states = heapmap_states(&h->map, first, first + n);
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
	claimed = !(*states & ~HEAP_STATES_FREE) && heapmap_set(&h->map, first, end, HEAP_USED);
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
 * Have Linux reserve [addr, addr + len) for the heap: fresh PROT_NONE
 * pages, nothing charged, with MADV_HUGEPAGE (kept when they are made
 * read-write, so touched 2 MiB blocks get transparent huge pages and the
 * mapping merges with its neighbours). @flags: MAP_FIXED or
 * MAP_FIXED_NOREPLACE.
 */
static long heap_reserve(__u64 addr, __u64 len, __u64 flags)
{
	__u64 map[FORWARD_ARGS] = {addr, len, PROT_NONE, HEAP_MAP_FLAGS | flags, (__u64)-1, 0};
	__u64 advice[FORWARD_ARGS] = {addr, len, MADV_HUGEPAGE};
	long ret = heap_forward(__NR_mmap, map);

	if (ret != (long)addr)
		return ret < 0 ? ret : -EFAULT;
	heap_forward(__NR_madvise, advice); /* only a hint: its failure changes nothing */
	return 0;
}

static void heap_set(struct heap *h, __u64 addr, __u64 len, __u32 state)
{
	unsigned long flags = spin_lock_irqsave(&h->lock);
	bool done = heapmap_set(&h->map, heap_page(h, addr), heap_page(h, addr + len), state);

	spin_unlock_irqrestore(&h->lock, flags);
	if (!done) /* never handed out again, which is all that matters */
		heap_mark_changed(h, addr, len);
}

void heap_mark_used(struct heap *h, __u64 addr, __u64 len)
{
	heap_set(h, addr, len, HEAP_USED);
}

long heap_decommit(struct heap *h, __u64 addr, __u64 len)
{
	long err = heap_reserve(addr, len, MAP_FIXED);

	if (err)
		heap_mark_changed(h, addr, len);
	else
		heap_set(h, addr, len, HEAP_RESERVED);
	return err;
}

/*
 * Take the next extent at or after page *from in one of @states for the
 * heap itself, as @state: its bytes [*addr, *addr + *len); false: none.
 */
static bool heap_take_next(struct heap *h, __u32 *from, unsigned int states, __u32 state,
			   __u64 *addr, __u64 *len)
{
	unsigned long flags = spin_lock_irqsave(&h->lock);
	__u32 first, end;
	bool found = heapmap_next(&h->map, *from, states, &first, &end) &&
		     heapmap_set(&h->map, first, end, state);

	if (found && state == HEAP_GONE)
		__atomic_store_n(&h->gone, 1, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&h->lock, flags);
	if (found) {
		*addr = h->start + (__u64)first * PAGE_SIZE;
		*len = (__u64)(end - first) * PAGE_SIZE;
		*from = end;
	}
	return found;
}

/*
 * Decommit the heap's free committed pages, extent by extent (each taken
 * as used meanwhile, so no other call hands it out): Linux uncharges them.
 * True when there were any.
 */
static bool heap_decommit_free(struct heap *h)
{
	__u64 addr, len;
	__u32 from = 0;
	bool any = false;

	while (heap_take_next(h, &from, HEAP_STATE(HEAP_FREE), HEAP_USED, &addr, &len)) {
		heap_decommit(h, addr, len);
		any = true;
	}
	return any;
}

/*
 * Give every free page (committed or reserved) back to Linux for good:
 * marked gone first, so that no call hands it out, then unmapped. True
 * when there were any.
 */
static bool heap_give_back(struct heap *h)
{
	__u64 addr, len;
	__u32 from = 0;
	bool any = false;

	while (heap_take_next(h, &from, HEAP_STATES_FREE, HEAP_GONE, &addr, &len)) {
		__u64 args[FORWARD_ARGS] = {addr, len};

		heap_forward(__NR_munmap,
			     args); /* refused, it stays PROT_NONE: only space is lost */
		any = true;
	}
	if (any)
		kprintf("hvm-kernel: heap at 0x%llx: the process is short of address space: its free pages went back to Linux\n",
			h->start);
	return any;
}

/*
 * Linux makes [addr, addr + len) read-write: mprotect checks RLIMIT_DATA
 * and charges the overcommit policy for the reserved pages, which turn
 * into data, as a native mmap of them would (an mmap over the reservation
 * would not check RLIMIT_DATA: it replaces as many pages as it maps), and
 * leaves the free committed ones as they are.
 */
static long heap_make_writable(__u64 addr, __u64 len)
{
	__u64 args[FORWARD_ARGS] = {addr, len, PROT_READ | PROT_WRITE};

	return heap_forward(__NR_mprotect, args);
}

/*
 * The reserved pages below @addr in its 2 MiB block, when all of it below
 * @addr is reserved: taken for the heap (used), so no other call hands
 * them out; their start, else @addr. Below only: mmap hands out from the
 * top down, so the next small mappings take them, and pages above the
 * break are left for brk.
 */
static __u64 heap_take_below(struct heap *h, __u64 addr)
{
	__u64 below = MAX(ALIGN_DOWN(addr, LARGE_PAGE_SIZE), h->start);
	__u32 first = heap_page(h, below), end = heap_page(h, addr);
	unsigned long flags;
	bool taken;

	if (below == addr)
		return addr;
	flags = spin_lock_irqsave(&h->lock);
	taken = heapmap_states(&h->map, first, end) == HEAP_STATE(HEAP_RESERVED) &&
		heapmap_set(&h->map, first, end, HEAP_USED);
	spin_unlock_irqrestore(&h->lock, flags);
	return taken ? below : addr;
}

/* Pages the heap took for itself go back: free when Linux committed them, else reserved again. */
static void heap_put(struct heap *h, __u64 addr, __u64 len, bool committed)
{
	if (committed)
		heap_set(h, addr, len, HEAP_FREE);
	else
		heap_decommit(h, addr, len);
}

/*
 * The rest of the 2 MiB block below the range too when it is reserved (it
 * becomes free committed pages): one mprotect for many small hand-outs,
 * each of which costs Linux a TLB shootdown of the HRT CPUs. Refused, the
 * exact range is asked for instead. A large range with free committed
 * pages is reserved whole first, so that Linux checks it as one mapping,
 * as the native one (its heuristic overcommit check is per mapping,
 * against RAM and swap).
 */
long heap_commit(struct heap *h, __u64 addr, __u64 len, unsigned int states)
{
	long err = 0;
	__u64 lo;

	if (!(states & HEAP_STATE(HEAP_RESERVED)))
		return 0;
	if ((states & HEAP_STATE(HEAP_FREE)) && len >= HEAP_COMMIT_WHOLE_MIN)
		err = heap_reserve(addr, len, MAP_FIXED);
	if (!err && (lo = heap_take_below(h, addr)) < addr) {
		err = heap_make_writable(lo, addr + len - lo);
		heap_put(h, lo, addr - lo, !err);
		if (!err)
			return 0;
		err = 0; /* perhaps refused for the pages below: ask for the range alone */
	}
	if (!err)
		err = heap_make_writable(addr, len);
	if (err == -ENOMEM && heap_decommit_free(h))
		err = heap_make_writable(addr, len);
	if (err)
		heap_decommit(h, addr, len);
	return err;
}

long heap_refresh(struct heap *h __unused, __u64 addr, __u64 len)
{
	__u64 args[FORWARD_ARGS] = {addr, len, MADV_DONTNEED};

	if (len >= HEAP_ZERO_MAX)
		return heap_forward(__NR_madvise, args);
	/* Fails only if Linux no longer maps the pages writable, which no call of ours did. */
	return arch_clear_out((void *)addr, len) ? -EFAULT : 0;
}

long heap_release(struct heap *h, __u64 addr, __u64 len)
{
	unsigned int states = heap_states(h, addr, len);

	if (!(states & ~HEAP_STATE(HEAP_FREE)))
		return 0; /* nothing of the program's there */
	if (len < HEAP_ZERO_MAX && !(states & ~(HEAP_STATE(HEAP_FREE) | HEAP_STATE(HEAP_USED))) &&
	    !heap_refresh(h, addr, len)) {
		heap_set(h, addr, len, HEAP_FREE);
		return 0;
	}
	return heap_decommit(h, addr, len);
}

void heap_refill(struct heap *h, __u64 addr, __u64 len)
{
	if (!heap_reserve(addr, len, MAP_FIXED_NOREPLACE))
		heap_set(h, addr, len, HEAP_RESERVED);
}

/*
 * The resource a successful forwarded call @nr(@args) set for this
 * process, or -1; *limit: its new soft limit.
 */
static long heap_limit_set(__u64 nr, const __u64 args[FORWARD_ARGS], __u64 *limit)
{
	__u64 rlim[2] = {0}; /* struct rlimit: soft, hard */
	long resource = -1;
	void *from = NULL;

	if (nr == __NR_setrlimit) {
		resource = (unsigned int)args[0];
		from = (void *)args[1];
	} else if (nr == __NR_prlimit64 && args[2] &&
		   (!(int)args[0] ||
		    (__u32)args[0] == space_get(this_cpu()->thread->space)->tgid)) {
		resource = (unsigned int)args[1];
		from = (void *)args[2];
	}
	if (resource >= 0 && arch_copy_from_user(rlim, from, sizeof(rlim)))
		return -1;
	*limit = rlim[0];
	return resource;
}

/*
 * Linux refused the program's @nr(@args) with ENOMEM: was it for want of
 * address space (a PROT_NONE mapping of the size it asked for, which costs
 * no memory, is refused too), not of memory?
 */
static bool heap_short_of_space(__u64 nr, const __u64 args[FORWARD_ARGS])
{
	__u64 len = nr == __NR_mremap ? args[2] : args[1];
	__u64 probe[FORWARD_ARGS] = {
		0, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, (__u64)-1, 0};
	long at = heap_forward(__NR_mmap, probe);
	__u64 unmap[FORWARD_ARGS] = {(__u64)at, len};

	if (at < 0 && at >= -4095)
		return at == -ENOMEM;
	heap_forward(__NR_munmap, unmap);
	return false;
}

/*
 * Linux refused the program's @nr(@args) with ENOMEM: give it what of the
 * heap may be in the way, by what was short. True when there was any.
 */
static bool heap_make_room(struct heap *h, __u64 nr, const __u64 args[FORWARD_ARGS])
{
	if (heap_short_of_space(nr, args))
		return heap_give_back(h);
	return heap_decommit_free(h);
}

long heap_forwarded(__u64 nr, const __u64 args[FORWARD_ARGS], long ret)
{
	struct heap *h;
	__u64 limit = 0;
	long resource;

	if ((nr != __NR_mmap && nr != __NR_mremap && nr != __NR_setrlimit &&
	     nr != __NR_prlimit64) ||
	    !(h = heap_current()))
		return ret;
	if (ret == -ENOMEM && (nr == __NR_mmap || nr == __NR_mremap))
		return heap_make_room(h, nr, args) ? heap_forward(nr, args) : ret; /* once */
	resource = ret ? -1 : heap_limit_set(nr, args, &limit);
	if (resource == RLIMIT_AS && limit != RLIM_INFINITY)
		heap_give_back(h); /* Linux counts the heap's address space: keep what is used */
	else if (resource == RLIMIT_DATA || resource == RLIMIT_AS)
		heap_decommit_free(h);
	return ret;
}

long heap_forward(__u64 nr, const __u64 args[FORWARD_ARGS])
{
	__u64 start = arch_timestamp();
	long ret = forward_syscall(nr, args);

	profile_syscall(nr, true, start);
	return ret;
}
