/*
 * fwd_sleeper [SECONDS [NAP_US]]: a program that keeps waiting for Linux.
 * It naps NAP_US microseconds (default 100) with nanosleep, again and
 * again, for SECONDS seconds (default 10; TSC-timed, so the loop itself
 * makes no other call) or until killed. Hybridized with HVM_NATIVE=none
 * each nap is forwarded: its HRT CPU has a thread waiting for Linux nearly
 * all the time, which is what the forward benchmark runs beside a
 * Linux-only program (an HRT CPU polling vs halting). Prints on stdout
 * "fwd_sleeper: napping" once the first nap is over (flushed: a script
 * waits for it) and "fwd_sleeper: done" at the end; on stderr how many
 * naps it took.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_util.h"

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 10;
	long nap_us = argc > 2 ? atol(argv[2]) : 100;
	struct timespec nap = {nap_us / 1000000, nap_us % 1000000 * 1000};
	uint64_t start, stop;
	long naps = 0;

	if (seconds < 1 || nap_us < 1) {
		fprintf(stderr, "usage: fwd_sleeper [SECONDS >= 1 [NAP_US >= 1]]\n");
		return 2;
	}
	stop = (uint64_t)(tsc_per_ns(50) * 1e9 * seconds);
	start = tsc_now();
	do {
		if (nanosleep(&nap, NULL)) {
			perror("fwd_sleeper: nanosleep");
			return 1;
		}
		if (!naps++) {
			printf("fwd_sleeper: napping\n");
			fflush(stdout);
		}
	} while (tsc_now() - start < stop);
	printf("fwd_sleeper: done\n");
	fprintf(stderr, "fwd_sleeper: %ld naps of %ld us in %d s\n", naps, nap_us, seconds);
	return 0;
}
