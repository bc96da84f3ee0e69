// SPDX-License-Identifier: MIT
/*
 * hvm-coherence-test [REMAPS]: TLB coherence between Linux and the HRT
 * under stress. A Linux thread keeps replacing the pages of a region
 * (munmap + mmap MAP_FIXED, each new page filled with its generation
 * number) and toggling them PROT_NONE and back, while calls on every HRT
 * CPU read the pages. A page's generation is published before and after
 * each change; a read that saw the same valid generation before and after
 * must find that generation's byte. A stale translation on the HRT would
 * return the old page's byte. Faults are allowed only inside the region
 * (a page unmapped between the generation check and the read).
 * Prints the counts; exits 0 only with no stale read and enough checks.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <hrt.h>

#define NR_PAGES 16
#define PAGE 4096L
#define STACK_SIZE (64 * 1024)

static unsigned char *region;
static long gen[NR_PAGES]; /* -1 while a page changes */
static volatile int done;

struct counts {
	long checks, stale;
};

/* Runs on the HRT: one pass over the pages, counting checks and stale reads. */
static long check_pages(long arg)
{
	struct counts *c = (struct counts *)arg;
	long checks = 0, stale = 0;

	for (int round = 0; round < 8; round++) {
		for (int p = 0; p < NR_PAGES; p++) {
			long g1 = __atomic_load_n(&gen[p], __ATOMIC_ACQUIRE), g2;
			unsigned char v;

			if (g1 < 0)
				continue;
			v = __atomic_load_n(&region[p * PAGE + (round * 511) % PAGE],
					    __ATOMIC_ACQUIRE);
			g2 = __atomic_load_n(&gen[p], __ATOMIC_ACQUIRE);
			if (g1 != g2)
				continue;
			checks++;
			stale += v != (unsigned char)g1;
		}
	}
	__atomic_fetch_add(&c->checks, checks, __ATOMIC_RELAXED);
	__atomic_fetch_add(&c->stale, stale, __ATOMIC_RELAXED);
	return stale;
}

static void replace_page(int p, long g)
{
	unsigned char *page = region + p * PAGE;

	__atomic_store_n(&gen[p], -1, __ATOMIC_SEQ_CST);
	munmap(page, PAGE);
	if (mmap(page, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
		 0) != page) {
		printf("FAIL: mmap MAP_FIXED: %s\n", strerror(errno));
		exit(1);
	}
	memset(page, (unsigned char)g, PAGE);
	__atomic_store_n(&gen[p], g, __ATOMIC_RELEASE);
}

static void protect_toggle(int p)
{
	long g = gen[p];

	__atomic_store_n(&gen[p], -1, __ATOMIC_SEQ_CST);
	mprotect(region + p * PAGE, PAGE, PROT_NONE);
	mprotect(region + p * PAGE, PAGE, PROT_READ | PROT_WRITE);
	__atomic_store_n(&gen[p], g, __ATOMIC_RELEASE);
}

static long remaps_done, protects_done;

static void *mutator(void *arg)
{
	long n = (long)arg;

	for (long k = 1; k <= n; k++) {
		replace_page((int)(k % NR_PAGES), k + NR_PAGES);
		remaps_done++;
		if (k % 4 == 0) {
			protect_toggle((int)((k / 4) % NR_PAGES));
			protects_done++;
		}
	}
	done = 1;
	return NULL;
}

int main(int argc, char **argv)
{
	long remaps = argc > 1 ? atol(argv[1]) : 2000, calls = 0, faults = 0, bad_faults = 0;
	int n, status[HVM_MAX_CPUS], err = hrt_merge();
	struct counts c = {0, 0};
	char *stacks;
	pthread_t t;

	if (err) {
		printf("FAIL: hrt_merge: %s\n", strerror(-err));
		return 1;
	}
	n = hrt_nr_cpus();
	stacks = mmap(NULL, (size_t)STACK_SIZE * n, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	region = mmap(NULL, NR_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		      -1, 0);
	for (int p = 0; p < NR_PAGES; p++)
		replace_page(p, p);
	pthread_create(&t, NULL, mutator, (void *)remaps);
	while (!done) {
		err = hrt_call_all(check_pages, (long)&c, stacks + (size_t)STACK_SIZE * n,
				   STACK_SIZE, NULL, status);
		calls += n;
		for (int i = 0; i < n; i++) {
			unsigned long long cr2 = hrt_last_fault()->cr2;

			if (status[i] != -EFAULT)
				continue;
			faults++;
			bad_faults += cr2 < (unsigned long)region ||
				      cr2 >= (unsigned long)region + NR_PAGES * PAGE;
		}
		if (err && err != -EFAULT) {
			printf("FAIL: call: %s\n", strerror(-err));
			return 1;
		}
	}
	pthread_join(t, NULL);
	printf("%ld remaps, %ld mprotect toggles, %ld HRT calls, %ld checked reads, %ld stale reads, %ld faults in the region, %ld elsewhere\n",
	       remaps_done, protects_done, calls, c.checks, c.stale, faults - bad_faults,
	       bad_faults);
	if (c.stale || bad_faults || c.checks < 1000) {
		printf("FAIL: %s\n", c.stale	  ? "the HRT saw stale pages"
				     : bad_faults ? "faults outside the region"
						  : "too few checked reads");
		return 1;
	}
	printf("ok\n");
	return 0;
}
