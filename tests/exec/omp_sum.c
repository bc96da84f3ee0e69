// SPDX-License-Identifier: MIT
/*
 * An OpenMP program as Debian's gcc -fopenmp builds it (libgomp, dynamic):
 * a parallel reduction, a parallel loop writing an array, a critical
 * section and a barrier, with the thread count from OMP_NUM_THREADS. It
 * prints results that do not depend on scheduling, so a run through
 * hvm-exec compares with a native run of the same binary.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define N 2000000

int main(void)
{
	static double a[N];
	long long sum = 0, critical_sum = 0;
	int threads = 0, met_barrier = 0;
	double check = 0;

#pragma omp parallel
	{
#pragma omp single
		threads = omp_get_num_threads();
#pragma omp for reduction(+ : sum)
		for (long i = 0; i < N; i++)
			sum += i % 1000;
#pragma omp for
		for (long i = 0; i < N; i++)
			a[i] = (double)(i % 10) * 0.5;
#pragma omp critical
		critical_sum += omp_get_thread_num() + 1;
#pragma omp barrier
#pragma omp atomic
		met_barrier++;
	}
	for (long i = 0; i < N; i++)
		check += a[i];
	printf("threads: %d\n", threads);
	printf("reduction: %lld\n", sum);
	printf("array: %.1f\n", check);
	printf("critical: %lld (expected %d)\n", critical_sum, threads * (threads + 1) / 2);
	printf("barrier: %d of %d\n", met_barrier, threads);
	return critical_sum == threads * (threads + 1) / 2 && met_barrier == threads ? 0 : 1;
}
