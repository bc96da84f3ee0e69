/*
 * fannkuch [N]: a CPU-bound program with almost no system calls, on small
 * arrays rather than floating point: for every permutation of 0..N-1, flip
 * the first p[0]+1 elements until 0 comes first and count the flips
 * (fannkuch-redux of the Computer Language Benchmarks Game, whose
 * permutation order it follows: prefix rotations). Prints the checksum
 * (the flip counts summed with alternating signs) and the most flips on
 * stdout, the same for the same N, and the wall time on stderr
 * ("result fannkuch MS ms").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

#define MAX_N 16

/* Flips of a copy of @p until its first element is 0. */
static int count_flips(const int *p, int n)
{
	int q[MAX_N], flips = 0;

	memcpy(q, p, (size_t)n * sizeof(*q));
	for (int k = q[0]; k; k = q[0]) {
		for (int i = 0, j = k; i < j; i++, j--) {
			int t = q[i];

			q[i] = q[j];
			q[j] = t;
		}
		flips++;
	}
	return flips;
}

/* Rotate p[0..r] left by one. */
static void rotate(int *p, int r)
{
	int first = p[0];

	memmove(p, p + 1, (size_t)r * sizeof(*p));
	p[r] = first;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10;
	int perm[MAX_N], count[MAX_N], r, max_flips = 0;
	long checksum = 0, index = 0;
	double start = now_ns();

	if (n < 1 || n > MAX_N) {
		fprintf(stderr, "usage: fannkuch [N, 1..%d]\n", MAX_N);
		return 2;
	}
	for (int i = 0; i < n; i++)
		perm[i] = i;
	for (r = n;; index++) {
		int flips;

		for (; r > 1; r--)
			count[r - 1] = r;
		flips = count_flips(perm, n);
		if (flips > max_flips)
			max_flips = flips;
		checksum += index % 2 ? -flips : flips;
		/* The next permutation: rotate the shortest prefix whose count is not spent. */
		for (;; r++) {
			if (r == n)
				goto done;
			rotate(perm, r);
			if (--count[r] > 0)
				break;
		}
	}
done:
	printf("%ld\nPfannkuchen(%d) = %d\n", checksum, n, max_flips);
	fprintf(stderr, "result fannkuch %.0f ms\n", (now_ns() - start) / 1e6);
	return 0;
}
