// SPDX-License-Identifier: MIT
/*
 * The HRT heap (hvm/call.h, Memory calls): address space this process
 * reserves on Linux at merge for hvm-kernel to hand out as its mmap and brk
 * memory, so Linux, which dereferences every pointer a forwarded call
 * passes, sees that memory as the process's own. One anonymous private
 * PROT_NONE mapping: address space only, which Linux charges to no memory
 * limit but RLIMIT_AS, nor to its overcommit accounting; hvm-kernel makes
 * the pages it hands out read-write, which Linux checks as it checks the
 * program's own mappings. MADV_HUGEPAGE: touched 2 MiB blocks get one
 * transparent huge page each. It is placed right at the program break when
 * that address is free, so brk on the HRT goes on from the break malloc
 * may have used before main moved there. HVM_HEAP sets its size (default
 * 4G, or none under a finite RLIMIT_AS; a number with K, M, G or T; 0 = no
 * heap: Linux serves the memory calls).
 *
 * The memory calls (mmap, munmap, mprotect, mremap, brk) are native all
 * together or not at all: hvm-kernel must see every change to its heap,
 * so naming one in HVM_NATIVE names the five.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mv_runtime.h"

#define MV_HEAP_DEFAULT (4ull << 30)
#define MV_HEAP_ALIGN (2ull << 20)
#define MV_PAGE 4096ull

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static const int mv_memory_calls[] = {SYS_mmap, SYS_munmap, SYS_mprotect, SYS_mremap, SYS_brk};

/*
 * Whether the process runs under a finite RLIMIT_AS. Linux counts the
 * whole reservation against it from the start (docs/compatibility.md), so
 * such a process gets no heap unless HVM_HEAP asks for one: Linux serves
 * its memory calls and applies the limit exactly. RLIMIT_DATA needs no
 * such care: Linux checks it on every page the heap commits.
 */
static int mv_memory_limited(void)
{
	struct rlimit as;

	return !getrlimit(RLIMIT_AS, &as) && as.rlim_cur != RLIM_INFINITY;
}

/* HVM_HEAP in bytes, 2 MiB-aligned; -EINVAL (and why) when it is no size. */
static int mv_heap_size(unsigned long long *size, char *why, size_t len)
{
	const char *want = getenv("HVM_HEAP");
	unsigned long long n, shift = 0;
	char *end;

	*size = MV_HEAP_DEFAULT;
	if (!want) {
		if (mv_memory_limited())
			*size = 0;
		return 0;
	}
	errno = 0;
	n = strtoull(want, &end, 10);
	if (*end && !end[1])
		shift = *end == 'K'   ? 10
			: *end == 'M' ? 20
			: *end == 'G' ? 30
			: *end == 'T' ? 40
				      : 64;
	if (errno || end == want || shift == 64 || (*end && end[1]) ||
	    (n && n > (1ull << 47) >> shift)) {
		snprintf(
			why, len,
			"HVM_HEAP: '%s' is no heap size; say a size such as 4G or 512M, or 0 to have Linux serve the memory calls",
			want);
		return -EINVAL;
	}
	*size = ((n << shift) + MV_HEAP_ALIGN - 1) & ~(MV_HEAP_ALIGN - 1);
	return 0;
}

int mv_heap_policy(__u64 native[HVM_NATIVE_WORDS], char *why, size_t len)
{
	unsigned long long size;
	int any = 0, err = mv_heap_size(&size, why, len);

	if (err)
		return err;
	for (size_t i = 0; i < sizeof(mv_memory_calls) / sizeof(mv_memory_calls[0]); i++)
		any |= hvm_native_serves(native, (__u64)mv_memory_calls[i]);
	for (size_t i = 0; i < sizeof(mv_memory_calls) / sizeof(mv_memory_calls[0]); i++)
		hvm_native_set(native, (__u64)mv_memory_calls[i], any && size);
	return 0;
}

/* Where the heap can start: the break's page, else anywhere, 2 MiB-aligned. 0 on failure. */
static unsigned long long mv_heap_map(unsigned long long size, unsigned long long *brk)
{
	unsigned long long at = (*brk + MV_PAGE - 1) & ~(MV_PAGE - 1), start;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;
	char *p = mmap((void *)at, size, PROT_NONE, flags | MAP_FIXED_NOREPLACE, -1, 0);

	if (p != MAP_FAILED && (unsigned long long)p == at)
		return at;
	if (p != MAP_FAILED) /* an old kernel took the address as a hint */
		munmap(p, size);
	*brk = 0;
	p = mmap(NULL, size + MV_HEAP_ALIGN, PROT_NONE, flags, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	start = ((unsigned long long)p + MV_HEAP_ALIGN - 1) & ~(MV_HEAP_ALIGN - 1);
	if (start > (unsigned long long)p)
		munmap(p, start - (unsigned long long)p);
	munmap((void *)(start + size), (unsigned long long)p + MV_HEAP_ALIGN - start);
	return start;
}

int mv_heap_reserve(const __u64 native[HVM_NATIVE_WORDS], struct hvm_merge_request *req)
{
	unsigned long long size, start, brk;
	char why[256];
	int err;

	if (!hvm_native_serves(native, SYS_mmap))
		return 0;
	err = mv_heap_size(&size, why, sizeof(why));
	if (err)
		return mv_dev_fail(-err, why);
	brk = (unsigned long long)syscall(SYS_brk, 0); /* the break now; Linux never fails brk(0) */
	start = mv_heap_map(size, &brk);
	if (!start) {
		snprintf(
			why, sizeof(why),
			"cannot reserve the HRT heap, HVM_HEAP=%lluM of address space: set HVM_HEAP to a smaller size such as 512M, or HVM_HEAP=0 to have Linux serve the memory calls",
			size >> 20);
		return mv_dev_fail(ENOMEM, why);
	}
	madvise((void *)start, size, MADV_HUGEPAGE); /* only a hint: fine without THP */
	req->heap_start = start;
	req->heap_end = start + size;
	req->heap_brk = brk;
	return 0;
}

void mv_heap_unreserve(const struct hvm_merge_request *req)
{
	if (req->heap_start)
		munmap((void *)req->heap_start, req->heap_end - req->heap_start);
}
