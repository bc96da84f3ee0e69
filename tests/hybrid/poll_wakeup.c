/*
 * No lost wake-up (the poll_wakeup case): THREADS threads make forwarded
 * getppid calls (syscall(SYS_getppid), forwarded under HVM_NATIVE=none)
 * until TOTAL are made in all. New threads spread over the HRT CPUs (the
 * least busy first), so with more threads than HRT CPUs each CPU has several whose
 * calls wait for Linux at once: an answer makes one of them ready while
 * its CPU waits for the others (polls or halts). Every SPAWN_EVERY calls a
 * thread also starts a short-lived thread that makes one call, and joins
 * it: a new call posted to a CPU that may be waiting so. Every result
 * must be the first one main had. A lost wake-up shows as a hang: main
 * prints "progress: N calls" every PROGRESS_S seconds (its own sleep is
 * a forwarded call too), and the case watches the line change.
 *
 * At the end: "calls: N made, M answered PPID" and "short-lived threads:
 * S started, J joined, R refused"; exits 0 only if every call answered
 * PPID and every short-lived thread was started and joined.
 *
 *   poll_wakeup THREADS TOTAL
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 64
#define SPAWN_EVERY 10000
#define PROGRESS_S 5

static long total, ppid;
static long claimed, made, right, spawned, joined, refused;

/* One forwarded call, its result checked. */
static void call_getppid(void)
{
	if (syscall(SYS_getppid) == ppid)
		__atomic_add_fetch(&right, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&made, 1, __ATOMIC_RELEASE);
}

static void *short_lived(void *unused)
{
	(void)unused;
	call_getppid();
	return NULL;
}

/* Start a thread that makes one call, and join it (its call counts in the total). */
static void spawn_and_join(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, short_lived, NULL)) {
		__atomic_add_fetch(&refused, 1, __ATOMIC_RELAXED);
		call_getppid(); /* the total is still reached */
		return;
	}
	__atomic_add_fetch(&spawned, 1, __ATOMIC_RELAXED);
	if (!pthread_join(t, NULL))
		__atomic_add_fetch(&joined, 1, __ATOMIC_RELAXED);
}

static void *caller(void *unused)
{
	long mine = 0;

	(void)unused;
	while (__atomic_fetch_add(&claimed, 1, __ATOMIC_RELAXED) < total) {
		if (++mine % SPAWN_EVERY == 0)
			spawn_and_join();
		else
			call_getppid();
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[MAX_THREADS];
	int threads = argc > 1 ? atoi(argv[1]) : 0, ok = 1;
	struct timespec second = {1, 0};

	total = argc > 2 ? atol(argv[2]) : 0;
	if (threads < 1 || threads > MAX_THREADS || total < 1) {
		fprintf(stderr, "usage: poll_wakeup THREADS(1-%d) TOTAL\n", MAX_THREADS);
		return 2;
	}
	ppid = syscall(SYS_getppid);
	printf("%d threads, %ld forwarded getppid calls, the first answered %ld\n", threads, total,
	       ppid);
	fflush(stdout);
	for (int i = 0; i < threads; i++)
		if (pthread_create(&t[i], NULL, caller, NULL)) {
			perror("poll_wakeup: pthread_create");
			return 1;
		}
	for (long s = 1; __atomic_load_n(&made, __ATOMIC_ACQUIRE) < total; s++) {
		nanosleep(&second, NULL);
		if (s % PROGRESS_S == 0) {
			printf("progress: %ld calls\n", __atomic_load_n(&made, __ATOMIC_ACQUIRE));
			fflush(stdout);
		}
	}
	for (int i = 0; i < threads; i++)
		ok &= !pthread_join(t[i], NULL);
	printf("calls: %ld made, %ld answered %ld\n", made, right, ppid);
	printf("short-lived threads: %ld started, %ld joined, %ld refused\n", spawned, joined,
	       refused);
	return ok && right == total && made == total && joined == spawned && !refused ? 0 : 1;
}
