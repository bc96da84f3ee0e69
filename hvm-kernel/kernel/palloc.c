// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The physical page allocator: one bit per 4 KiB page of the mapped
 * partition, set while the page is in use or not the allocator's (the boot
 * area and the image). CPU 0 sets it up before any other CPU runs;
 * afterwards palloc_lock guards the bitmap and the counters.
 */
#include <hvm/barrier.h>

#include "bootinfo.h"
#include "debug.h"
#include "kernel.h"
#include "memlayout.h"
#include "palloc.h"
#include "printk.h"
#include "spinlock.h"

#define PALLOC_MAX_PAGES (KERNEL_MAP_MAX / PAGE_SIZE)
#define BITS_PER_WORD 64

static struct spinlock palloc_lock;
static __u64 bitmap[PALLOC_MAX_PAGES / BITS_PER_WORD];
static unsigned long first_pfn, end_pfn; /* managed: [first_pfn, end_pfn) */
static unsigned long nr_free;
static unsigned long next_word; /* where the next search starts */

/* Tell Linux the free count (boot information, for leak checks); the lock is held. */
static void palloc_publish(void)
{
	hvm_publish(&boot_info->free_pages, nr_free);
}

static bool pfn_in_use(unsigned long pfn)
{
	return bitmap[pfn / BITS_PER_WORD] & (1ull << (pfn % BITS_PER_WORD));
}

static void pfn_set(unsigned long pfn, bool in_use)
{
	__u64 bit = 1ull << (pfn % BITS_PER_WORD);

	if (in_use)
		bitmap[pfn / BITS_PER_WORD] |= bit;
	else
		bitmap[pfn / BITS_PER_WORD] &= ~bit;
}

/*
 * Manage the pages from partition offset @first_free to @end (both rounded
 * inwards to whole pages, @end capped at what is mapped).
 */
void palloc_init(__u64 first_free, __u64 end)
{
	first_pfn = ALIGN_UP(first_free, PAGE_SIZE) / PAGE_SIZE;
	end_pfn = MIN(end, KERNEL_MAP_MAX) / PAGE_SIZE;
	if (first_pfn > end_pfn)
		first_pfn = end_pfn;
	memset(bitmap, 0xff, sizeof(bitmap));
	for (unsigned long pfn = first_pfn; pfn < end_pfn; pfn++)
		pfn_set(pfn, false);
	nr_free = end_pfn - first_pfn;
	next_word = first_pfn / BITS_PER_WORD;
	palloc_publish();
}

/* A free pfn, searching from next_word and wrapping once; 0 if none. */
static unsigned long palloc_find(void)
{
	unsigned long words = ALIGN_UP(end_pfn, BITS_PER_WORD) / BITS_PER_WORD;

	for (unsigned long n = 0; n < words; n++) {
		unsigned long w = (next_word + n) % words;

		if (bitmap[w] != ~0ull) {
			next_word = w;
			return w * BITS_PER_WORD + (unsigned long)__builtin_ctzll(~bitmap[w]);
		}
	}
	return 0;
}

/* One 4 KiB page (contents undefined), or NULL when none is left. */
void *page_alloc(void)
{
	unsigned long flags = spin_lock_irqsave(&palloc_lock);
	unsigned long pfn = nr_free ? palloc_find() : 0;

	if (pfn) {
		pfn_set(pfn, true);
		nr_free--;
		palloc_publish();
	}
	spin_unlock_irqrestore(&palloc_lock, flags);
	return pfn ? PARTITION_PTR(pfn * PAGE_SIZE) : NULL;
}

/* Give back a page from page_alloc(); anything else is refused with a message. */
void page_free(void *page)
{
	__u64 off = (__u64)page - KERNEL_VBASE;
	unsigned long pfn = off / PAGE_SIZE;
	unsigned long flags = spin_lock_irqsave(&palloc_lock);
	bool ok = !(off % PAGE_SIZE) && pfn >= first_pfn && pfn < end_pfn && pfn_in_use(pfn);

	if (ok) {
		pfn_set(pfn, false);
		nr_free++;
		palloc_publish();
	}
	spin_unlock_irqrestore(&palloc_lock, flags);
	KASSERT(ok); /* a free of a page nobody allocated is a bug in hvm-kernel */
	if (!ok)
		kprintf("hvm-kernel: page_free(%p): not an allocated page, ignored\n", page);
}

void palloc_get_stats(struct palloc_stats *st)
{
	unsigned long flags = spin_lock_irqsave(&palloc_lock);

	st->total_pages = end_pfn - first_pfn;
	st->free_pages = nr_free;
	spin_unlock_irqrestore(&palloc_lock, flags);
}
