/* SPDX-License-Identifier: MIT */
/*
 * Timing helpers shared by the benchmark programs: a clock, the TSC and
 * medians. The TSC is read without a system call, so a loop timed with it
 * costs the same on Linux and on the HRT whatever the policy forwards;
 * tsc_per_ns() converts it to ns against CLOCK_MONOTONIC. Under QEMU TCG
 * the guest's TSC is the host's, scaled by neither kernel.
 */
#ifndef HVM_BENCH_UTIL_H
#define HVM_BENCH_UTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/* CLOCK_MONOTONIC in nanoseconds. */
static inline double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The time-stamp counter, read after the instructions before it finished (lfence). */
static inline uint64_t tsc_now(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

/*
 * TSC ticks per ns, measured across a sleep of @ms milliseconds of
 * CLOCK_MONOTONIC: three system calls, whichever kernel serves them.
 */
static inline double tsc_per_ns(int ms)
{
	struct timespec nap = {ms / 1000, (long)(ms % 1000) * 1000000};
	double t0 = now_ns();
	uint64_t c0 = tsc_now();

	nanosleep(&nap, NULL);
	return (double)(tsc_now() - c0) / (now_ns() - t0);
}

static inline int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n) (sorts v). */
static inline double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), compare_doubles);
	return v[n / 2];
}

#endif /* HVM_BENCH_UTIL_H */
