/*
 * syscall_mix [ROUNDS [THREADS]]: a program whose time goes into the cheap
 * system calls runtimes make all the time, the ones being ported to
 * hvm-kernel: THREADS threads (default 2) each run ROUNDS rounds of
 *
 *   getpid, clock_gettime (CLOCK_MONOTONIC), gettimeofday, sched_yield,
 *   a one-page anonymous mmap written and read back, its munmap,
 *   a shared pthread mutex taken around a sched_yield and a counter update
 *
 * through libc, as any program makes them. Yielding while holding the mutex
 * makes the other threads find it taken, so they wait in futex and the
 * holder wakes them: contention on one CPU or many. Prints on stdout what
 * every run prints (the counter, checks of pids, clocks and pages) and on
 * stderr the wall time of the rounds ("result syscall_mix MS ms").
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

#define MAX_THREADS 16

static int rounds;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter; /* under lock */

struct worker {
	pthread_t thread;
	long pid_mismatches, clock_backwards, bad_pages, failed_calls;
};

static long ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000L + ts->tv_nsec;
}

/* One page mapped, written, read back and unmapped; false if any step failed. */
static int page_round_trip(long value, long *bad)
{
	long *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return 0;
	*bad += p[1] != 0; /* fresh anonymous memory reads as zero */
	p[0] = value;
	*bad += *(volatile long *)p != value;
	return munmap(p, 4096) == 0;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	pid_t pid = getpid();
	struct timespec last = {0, 0}, now;
	struct timeval tv;

	for (int r = 0; r < rounds; r++) {
		w->pid_mismatches += getpid() != pid;
		w->failed_calls += clock_gettime(CLOCK_MONOTONIC, &now) != 0;
		w->clock_backwards += ts_ns(&now) < ts_ns(&last);
		last = now;
		w->failed_calls += gettimeofday(&tv, NULL) != 0;
		w->failed_calls += sched_yield() != 0;
		w->failed_calls += !page_round_trip(r + 1, &w->bad_pages);
		pthread_mutex_lock(&lock);
		sched_yield(); /* hold it a while: others find it taken */
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = argc > 2 ? atoi(argv[2]) : 2;
	struct worker w[MAX_THREADS] = {0};
	long pids = 0, clocks = 0, pages = 0, failed = 0;
	double start;

	rounds = argc > 1 ? atoi(argv[1]) : 2000;
	if (rounds < 1 || threads < 1 || threads > MAX_THREADS) {
		fprintf(stderr, "usage: syscall_mix [ROUNDS >= 1 [THREADS 1..%d]]\n", MAX_THREADS);
		return 2;
	}
	start = now_ns();
	for (int t = 1; t < threads; t++) {
		if (pthread_create(&w[t].thread, NULL, worker_main, &w[t])) {
			fprintf(stderr, "syscall_mix: cannot start thread %d\n", t);
			return 1;
		}
	}
	worker_main(&w[0]);
	for (int t = 1; t < threads; t++)
		pthread_join(w[t].thread, NULL);
	fprintf(stderr, "result syscall_mix %.0f ms\n", (now_ns() - start) / 1e6);
	for (int t = 0; t < threads; t++) {
		pids += w[t].pid_mismatches;
		clocks += w[t].clock_backwards;
		pages += w[t].bad_pages;
		failed += w[t].failed_calls;
	}
	printf("%d threads x %d rounds: counter %ld (expected %ld)\n", threads, rounds, counter,
	       (long)threads * rounds);
	printf("getpid changed: %ld, clock went back: %ld, bad pages: %ld, failed calls: %ld\n",
	       pids, clocks, pages, failed);
	return counter == (long)threads * rounds && !pids && !clocks && !pages && !failed ? 0 : 1;
}
