/*
 * An OpenMP program (gcc -fopenmp, Debian's libgomp, dynamic) for the
 * guest's Debian root: sums 1..N over THREADS threads with a reduction and
 * checks it against N(N+1)/2. Prints the threads that took part and the
 * sum; exits 1 when the sum is wrong.
 *
 *   glibc-openmp THREADS N
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	long n, i, sum = 0;
	int threads, seen = 0;

	if (argc != 3 || (threads = atoi(argv[1])) < 1 || (n = atol(argv[2])) < 1) {
		fprintf(stderr, "usage: glibc-openmp THREADS N\n");
		return 2;
	}
	omp_set_num_threads(threads);
#pragma omp parallel for reduction(+ : sum)
	for (i = 1; i <= n; i++)
		sum += i;
#pragma omp parallel
	{
#pragma omp atomic
		seen++;
	}
	printf("glibc-openmp: %d threads, sum %ld, %s\n", seen, sum,
	       sum == n * (n + 1) / 2 ? "right" : "WRONG");
	return sum == n * (n + 1) / 2 ? 0 : 1;
}
