// SPDX-License-Identifier: MIT
/*
 * omp_kernels: two OpenMP kernels timed with omp_get_wtime, as Debian's gcc
 * -fopenmp builds them (libgomp, dynamic), for the same binary run natively
 * and through hvm-exec (scripts/bench openmp):
 *  - triad: a[i] = b[i] + s * c[i] over three arrays of doubles (STREAM's
 *    triad), a memory-bound loop split statically over the team;
 *  - jacobi: a 5-point Jacobi sweep of a square grid into a second one, the
 *    two swapped each sweep, a compute-bound loop with a barrier per sweep.
 *
 *   omp_kernels [TRIAD_N [TRIAD_REPS [GRID [SWEEPS]]]]
 *
 * The arrays are first touched by the team that later uses them. Prints
 * the team size, per kernel the best and mean time of a repetition (a
 * triad pass, a block of sweeps) and the rate, and one checksum per kernel,
 * computed serially from the results: the same whoever ran them.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define JACOBI_BLOCKS 4

static void *alloc_doubles(long n)
{
	double *p = malloc(n * sizeof(double));

	if (!p) {
		fprintf(stderr, "omp_kernels: out of memory for %ld doubles\n", n);
		exit(2);
	}
	return p;
}

static void report(const char *kernel, double best, double sum, int reps, double work,
		   const char *unit)
{
	printf("%s: best %.4f s, mean %.4f s, %.1f %s\n", kernel, best, sum / reps,
	       work / best / 1e6, unit);
}

static double triad(long n, int reps)
{
	double *a = alloc_doubles(n), *b = alloc_doubles(n), *c = alloc_doubles(n);
	double best = 1e30, sum = 0, check = 0;
	const double s = 3.0;

#pragma omp parallel for schedule(static)
	for (long i = 0; i < n; i++) {
		a[i] = 0;
		b[i] = (double)(i % 1000);
		c[i] = (double)(i % 7);
	}
	for (int r = 0; r < reps; r++) {
		double start = omp_get_wtime();

#pragma omp parallel for schedule(static)
		for (long i = 0; i < n; i++)
			a[i] = b[i] + s * c[i];
		double t = omp_get_wtime() - start;

		best = t < best ? t : best;
		sum += t;
	}
	printf("triad: %ld doubles per array (%.0f MiB in all), %d passes\n", n,
	       3.0 * n * sizeof(double) / (1 << 20), reps);
	/* Bytes moved per pass: two arrays read, one written. */
	report("triad", best, sum, reps, 3.0 * n * sizeof(double), "MB/s");
	for (long i = 0; i < n; i++)
		check += a[i];
	free(a);
	free(b);
	free(c);
	return check;
}

static double jacobi(int grid, int sweeps)
{
	long cells = (long)grid * grid;
	double *u = alloc_doubles(cells), *v = alloc_doubles(cells);
	double best = 1e30, sum = 0, check = 0;
	int per_block = sweeps / JACOBI_BLOCKS;

	/* The boundary held at 1 on the top edge, 0 elsewhere; the inside starts at 0. */
#pragma omp parallel for schedule(static)
	for (int y = 0; y < grid; y++)
		for (int x = 0; x < grid; x++)
			u[(long)y * grid + x] = v[(long)y * grid + x] = y == 0 ? 1.0 : 0.0;
	for (int block = 0; block < JACOBI_BLOCKS; block++) {
		double start = omp_get_wtime();

#pragma omp parallel
		for (int s = 0; s < per_block; s++) {
			/* Every thread swaps its own copies in step; the loop's barrier orders the sweeps. */
			double *from = s % 2 ? v : u, *to = s % 2 ? u : v;

#pragma omp for schedule(static)
			for (int y = 1; y < grid - 1; y++)
				for (int x = 1; x < grid - 1; x++) {
					long i = (long)y * grid + x;

					to[i] = 0.25 * (from[i - 1] + from[i + 1] + from[i - grid] +
							from[i + grid]);
				}
		}
		double t = omp_get_wtime() - start;

		best = t < best ? t : best;
		sum += t;
		/* An odd block leaves the newest grid in v: start the next from there. */
		if (per_block % 2) {
			double *w = u;

			u = v;
			v = w;
		}
	}
	printf("jacobi: %dx%d grid, %d sweeps in %d blocks\n", grid, grid,
	       per_block * JACOBI_BLOCKS, JACOBI_BLOCKS);
	/* Cell updates per block of sweeps. */
	report("jacobi", best, sum, JACOBI_BLOCKS, (double)(grid - 2) * (grid - 2) * per_block,
	       "Mcells/s");
	for (long i = 0; i < cells; i++)
		check += u[i] * (double)(i % 97 + 1);
	free(u);
	free(v);
	return check;
}

int main(int argc, char **argv)
{
	long triad_n = argc > 1 ? atol(argv[1]) : 4L << 20;
	int triad_reps = argc > 2 ? atoi(argv[2]) : 10;
	int grid = argc > 3 ? atoi(argv[3]) : 1024;
	int sweeps = argc > 4 ? atoi(argv[4]) : 80;
	int threads = 0;

	if (triad_n < 1 || triad_reps < 1 || grid < 3 || sweeps < JACOBI_BLOCKS) {
		fprintf(stderr, "usage: omp_kernels [TRIAD_N [TRIAD_REPS [GRID [SWEEPS >= %d]]]]\n",
			JACOBI_BLOCKS);
		return 2;
	}
#pragma omp parallel
#pragma omp single
	threads = omp_get_num_threads();
	printf("threads: %d\n", threads);
	double t = triad(triad_n, triad_reps), j = jacobi(grid, sweeps);

	printf("checksum: triad %.6e jacobi %.12e\n", t, j);
	return 0;
}
