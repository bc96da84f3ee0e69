/*
 * fwq [QUANTA [WORK]]: operating-system noise, measured the way the
 * fixed-work-quantum benchmark (FWQ, LLNL's Sequoia suite) measures it: the
 * same small amount of work (WORK rounds of integer arithmetic, no memory
 * traffic, no system call) repeated QUANTA times, each quantum timed with
 * the TSC. On a quiet core every quantum takes the same time; anything the
 * kernel or the machine does meanwhile (timer ticks, other tasks, the
 * hypervisor) lengthens some. Prints (stderr, TSC ticks):
 *
 *   result fwq_min T, fwq_median, fwq_max    quantum times
 *   result fwq_detour T                      the largest detour, max - min
 *   result fwq_noise P                       % of the time lost to detours:
 *                                            (sum - QUANTA * min) / sum
 *   result fwq_tsc_per_ns R                  the TSC's rate against CLOCK_MONOTONIC
 *
 * and on stdout the work's result, the same for the same WORK.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"

/* WORK rounds of a linear congruential step: a dependency chain, registers only. */
static uint64_t quantum(uint64_t x, int work)
{
	for (int k = 0; k < work; k++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		__asm__ volatile("" : "+r"(x)); /* keep every round */
	}
	return x;
}

int main(int argc, char **argv)
{
	int quanta = argc > 1 ? atoi(argv[1]) : 20000;
	int work = argc > 2 ? atoi(argv[2]) : 2000;
	double *t, sum = 0, min, max, med, tsc_ns;
	uint64_t x = 1;

	t = calloc((size_t)(quanta > 0 ? quanta : 1), sizeof(*t));
	if (quanta < 1 || work < 1 || !t) {
		fprintf(stderr, "usage: fwq [QUANTA >= 1 [WORK >= 1]]\n");
		return 2;
	}
	x = quantum(x, work); /* warm up */
	for (int q = 0; q < quanta; q++) {
		uint64_t t0 = tsc_now();

		x = quantum(x, work);
		t[q] = (double)(tsc_now() - t0);
		sum += t[q];
	}
	tsc_ns = tsc_per_ns(50);
	med = median(t, quanta); /* sorts t */
	min = t[0];
	max = t[quanta - 1];
	printf("%d quanta of %d rounds: %016llx\n", quanta, work, (unsigned long long)x);
	fprintf(stderr, "result fwq_min %.0f ticks\n", min);
	fprintf(stderr, "result fwq_median %.0f ticks\n", med);
	fprintf(stderr, "result fwq_max %.0f ticks\n", max);
	fprintf(stderr, "result fwq_detour %.0f ticks\n", max - min);
	fprintf(stderr, "result fwq_noise %.3f %%\n", 100 * (sum - quanta * min) / sum);
	fprintf(stderr, "result fwq_tsc_per_ns %.4f\n", tsc_ns);
	return 0;
}
