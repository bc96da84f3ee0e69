/*
 * A sleeping partner is woken alone (the wake_alone case). COMPUTERS
 * threads compute without a single system call, each spinning on an
 * atomic flag, so their partners (the Linux threads that would make their
 * forwarded calls) sleep in hvm.ko the whole time. main makes CALLS
 * forwarded getppid calls, each after computing SPACING_US first: long
 * past the time its own partner spins waiting for the next request, so
 * that partner sleeps too when the request comes, and the HRT rings
 * Linux's doorbell for every call. The case counts, from outside, how
 * often the computing threads' partners were woken meanwhile.
 *
 * It talks to the case on stdin and stdout: prints "computing: TID" for
 * each computing thread and "main: TID" (their gettid(): on the HRT the
 * tid of their partners), then "ready", and waits for a line; makes the
 * calls; prints "calls: N made, M answered PPID" and waits for a line
 * again; then stops and joins the computing threads, prints "joined: N"
 * and exits 0 only if every call answered PPID.
 *
 *   wake_alone COMPUTERS CALLS PPID
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_COMPUTERS 16
/* main's computing before each call: past hvm.ko's longest spin for a request (0.5 ms). */
#define SPACING_US 2000
/* How long the TSC is measured against CLOCK_MONOTONIC before the calls. */
#define CALIBRATION_MS 50

static int stop;
static int started;
static long tids[MAX_COMPUTERS];

/* The time stamp counter: time on the HRT without a system call. */
static unsigned long long tsc(void)
{
	return __builtin_ia32_rdtsc();
}

static long long monotonic_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000ll + t.tv_nsec / 1000;
}

/* TSC ticks per microsecond, measured against Linux's clock (calls made before the test). */
static unsigned long long tsc_per_us(void)
{
	long long t0 = monotonic_us(), t1;
	unsigned long long c0 = tsc();

	do
		t1 = monotonic_us();
	while (t1 - t0 < CALIBRATION_MS * 1000);
	return (tsc() - c0) / (unsigned long long)(t1 - t0) + 1;
}

/* Compute for @us microseconds, no system call made. */
static void compute_for(unsigned long long us, unsigned long long per_us)
{
	unsigned long long end = tsc() + us * per_us;

	while (tsc() < end)
		;
}

static void *compute(void *arg)
{
	volatile unsigned long x = 1;

	tids[(long)arg] = syscall(SYS_gettid);
	__atomic_add_fetch(&started, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE))
		x = x * 6364136223846793005ul + 1;
	return NULL;
}

/* Wait for a line on stdin (the case's go-ahead); 0 at its end. */
static int next_line(void)
{
	char line[64];

	return fgets(line, sizeof(line), stdin) != NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[MAX_COMPUTERS];
	int computers = argc > 1 ? atoi(argv[1]) : 0, joined = 0;
	long calls = argc > 2 ? atol(argv[2]) : 0, ppid = argc > 3 ? atol(argv[3]) : 0, right = 0;
	unsigned long long per_us;

	if (computers < 1 || computers > MAX_COMPUTERS || calls < 1 || ppid < 1) {
		fprintf(stderr, "usage: wake_alone COMPUTERS(1-%d) CALLS PPID\n", MAX_COMPUTERS);
		return 2;
	}
	per_us = tsc_per_us();
	for (long i = 0; i < computers; i++)
		if (pthread_create(&t[i], NULL, compute, (void *)i)) {
			perror("wake_alone: pthread_create");
			return 1;
		}
	while (__atomic_load_n(&started, __ATOMIC_ACQUIRE) < computers)
		sched_yield();
	for (int i = 0; i < computers; i++)
		printf("computing: %ld\n", tids[i]);
	printf("main: %ld\nready\n", (long)syscall(SYS_gettid));
	fflush(stdout);
	if (!next_line())
		return 1;
	for (long n = 0; n < calls; n++) {
		compute_for(SPACING_US, per_us);
		right += syscall(SYS_getppid) == ppid;
	}
	printf("calls: %ld made, %ld answered %ld\n", calls, right, ppid);
	fflush(stdout);
	next_line();
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	for (int i = 0; i < computers; i++)
		joined += !pthread_join(t[i], NULL);
	printf("joined: %d\n", joined);
	return right == calls && joined == computers ? 0 : 1;
}
