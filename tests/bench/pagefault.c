/*
 * pagefault [PAGES]: the cost of a page fault on fresh anonymous memory,
 * the way an ordinary program takes one: one byte written to each page of
 * a new private mapping. The mapping is made before timing, with
 * transparent huge pages off (one fault per 4 KiB page); pages are touched
 * in batches of 256 and the result is the median over the batches of the
 * time per fault. A first, untimed pass over a mapping of the same size,
 * unmapped again, makes the guest memory the timed pass gets already
 * backed by the host (QEMU allocates guest RAM on first use). Hybridized,
 * every fault is taken on the HRT and resolved by Linux.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "bench_util.h"

#define PAGE 4096
#define PER_BATCH 256

/* A new mapping of len bytes without transparent huge pages, or NULL. */
static volatile unsigned char *map_pages(size_t len)
{
	void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		return NULL;
	madvise(m, len, MADV_NOHUGEPAGE);
	return m;
}

int main(int argc, char **argv)
{
	long pages = argc > 1 ? atol(argv[1]) : 16384;
	int batches = (int)(pages / PER_BATCH);
	size_t len = (size_t)batches * PER_BATCH * PAGE;
	volatile unsigned char *m;
	unsigned long sum = 0;
	double *v;

	if (batches < 1) {
		fprintf(stderr, "usage: pagefault [PAGES >= %d]\n", PER_BATCH);
		return 2;
	}
	v = calloc((size_t)batches, sizeof(*v));
	m = map_pages(len);
	if (!v || !m) {
		perror("pagefault: no memory for the pages");
		return 1;
	}
	for (size_t i = 0; i < len; i += PAGE)
		m[i] = 1;
	munmap((void *)m, len);
	m = map_pages(len);
	if (!m) {
		perror("pagefault: no memory for the pages");
		return 1;
	}
	for (int b = 0; b < batches; b++) {
		volatile unsigned char *p = m + (size_t)b * PER_BATCH * PAGE;
		double t0 = now_ns();

		for (int i = 0; i < PER_BATCH; i++)
			p[(size_t)i * PAGE] = (unsigned char)(i + 1);
		v[b] = (now_ns() - t0) / PER_BATCH;
	}
	for (long i = 0; i < (long)batches * PER_BATCH; i++)
		sum += m[(size_t)i * PAGE];
	qsort(v, (size_t)batches, sizeof(*v), compare_doubles);
	printf("checksum %lu\n", sum);
	printf("result pagefault_anon %.0f ns\n", v[batches / 2]);
	printf("first write to a new anonymous page: %.0f ns per fault (median of %d batches)\n",
	       v[batches / 2], batches);
	return 0;
}
