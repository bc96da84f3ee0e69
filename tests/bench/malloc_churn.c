/*
 * malloc_churn [ROUNDS]: an allocation-heavy program: each round frees one
 * of 64 live blocks and allocates another of a mixed size (32 bytes to
 * 768 KiB, a quarter of them large enough that musl's malloc maps and
 * unmaps them directly), writing one byte per page of it, as a program
 * filling its buffers would. The result is the time in main. Hybridized it
 * shows what serving mmap, munmap and brk on the HRT saves: run it with
 * HVM_NATIVE=none and HVM_NATIVE=all (hybrid-bench does).
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"

#define LIVE 64
#define PAGE 4096

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 3000;
	unsigned char *live[LIVE] = {0};
	unsigned long seed = 42, sum = 0;
	double t0 = now_ns();

	for (long r = 0; r < rounds; r++) {
		int i = (int)((seed = seed * 6364136223846793005ul + 1442695040888963407ul) >> 58);
		size_t len = (seed >> 20) % 4 ? (seed >> 24) % 4096 + 32
					      : (seed >> 24) % (768 << 10) + 4096;

		if (live[i])
			sum += live[i][0];
		free(live[i]);
		live[i] = malloc(len);
		if (!live[i]) {
			perror("malloc_churn: malloc");
			return 1;
		}
		for (size_t off = 0; off < len; off += PAGE)
			live[i][off] = (unsigned char)(r + off / PAGE);
	}
	for (int i = 0; i < LIVE; i++)
		free(live[i]);
	printf("checksum %lu\n", sum);
	printf("result malloc_churn %.0f ms\n", (now_ns() - t0) / 1e6);
	return 0;
}
