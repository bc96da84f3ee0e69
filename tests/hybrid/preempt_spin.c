/*
 * Threads that busy-wait for each other without system calls, two or more
 * of them on one CPU: a token goes round a ring of threads (main among
 * them), each spinning on a plain atomic until its turn comes. On the HRT
 * this ends only if hvm-kernel preempts a spinning thread for the one it
 * waits for (hvm-kernel/kernel/preempt.c). hvm.ko places each thread on
 * the least busy HRT CPU (docs/design.md 10a), so with as many threads as
 * the machine has CPUs (all of them, Linux's and the HRT's) at least two
 * share an HRT CPU, whatever the split.
 * While they spin, each thread keeps floating-point work going and its own
 * rounding mode, which must come back intact every time it is preempted.
 * Then main signals each spinning thread a few times, waiting for its
 * handler each time (the handler runs on the thread's CPU, maybe after
 * others there had their slices), and sleeps a few times while every
 * other thread spins: its wake-ups come while a thread computes on its CPU.
 */
#include <fenv.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 30 /* times the token goes round the ring */
#define NAPS 5 /* main's sleeps while the others spin */
#define SIGNALS 5 /* SIGUSR1s each spinning thread handles */
#define MAX_THREADS 64
/* A hang (no preemption) ends the program with SIGALRM instead of blocking the suite. */
#define WATCHDOG_S 200

static unsigned long token; /* participant token % nr_participants holds it */
static unsigned int nr_participants;
static int naps; /* main's sleeps so far */
static __thread struct participant *self; /* the handler's thread */

struct participant {
	pthread_t thread;
	unsigned int id;
	int rounding; /* its own rounding mode, FE_UPWARD or FE_DOWNWARD */
	int holds; /* times it had the token */
	int sums_kept; /* its spin loop's double counted as its integer one */
	int rounding_kept; /* its rounding mode unchanged, and in effect */
	int handled; /* SIGUSR1s its handler ran for */
};

static struct participant ring[MAX_THREADS + 1];

/* CPUs the machine has, from "0-2" or "0,2-5" in sysfs (every CPU counts, online or not). */
static unsigned int machine_cpus(void)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	char *last;

	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = 0;
		fclose(f);
	}
	last = strpbrk(buf, "0123456789") ? buf + strcspn(buf, "\n") : NULL;
	if (!last)
		return 4; /* unknown: four threads still share CPUs on most splits */
	while (last > buf && last[-1] >= '0' && last[-1] <= '9')
		last--;
	return (unsigned int)strtoul(last, NULL, 10) + 1;
}

/* Is @mode in effect? 1/3 rounds up only upward, 1/10 down only downward (nearest: the literals). */
static int rounds_as(int mode)
{
	volatile double one = 1.0, three = 3.0, ten = 10.0;

	return mode == FE_UPWARD ? one / three > 1.0 / 3.0 : one / ten < 0.1;
}

static void take_turns(struct participant *me)
{
	double spun_d = 0;
	unsigned long spun = 0;

	fesetround(me->rounding);
	for (int r = 0; r < ROUNDS; r++) {
		unsigned long mine = (unsigned long)r * nr_participants + me->id;

		while (__atomic_load_n(&token, __ATOMIC_ACQUIRE) != mine) {
			spun++;
			spun_d +=
				1.0; /* exact below 2^53: equals spun unless x87/SSE state was lost */
		}
		me->holds++;
		__atomic_store_n(&token, mine + 1, __ATOMIC_RELEASE);
	}
	me->sums_kept = spun_d == (double)spun;
	me->rounding_kept = fegetround() == me->rounding && rounds_as(me->rounding);
	fesetround(FE_TONEAREST);
}

static void on_usr1(int sig)
{
	(void)sig;
	__atomic_add_fetch(&self->handled, 1, __ATOMIC_RELEASE);
}

static void *spinner(void *arg)
{
	self = arg;
	take_turns(arg);
	while (__atomic_load_n(&naps, __ATOMIC_ACQUIRE) < NAPS)
		;
	return NULL;
}

/* Each spinner's handler runs once per signal: main waits for it each time, so none merge. */
static int signal_the_spinners(unsigned int threads)
{
	for (int k = 0; k < SIGNALS; k++)
		for (unsigned int i = 1; i <= threads; i++) {
			if (pthread_kill(ring[i].thread, SIGUSR1))
				return 0;
			while (__atomic_load_n(&ring[i].handled, __ATOMIC_ACQUIRE) != k + 1)
				;
		}
	return 1;
}

/* 1 ms each: a sleeper whose time came waits for the spinner on its CPU to be preempted. */
static int sleep_while_they_spin(void)
{
	struct timespec ms = {0, 1000000};

	for (int i = 0; i < NAPS; i++) {
		if (nanosleep(&ms, NULL))
			return 0;
		__atomic_store_n(&naps, i + 1, __ATOMIC_RELEASE);
	}
	return 1;
}

int main(void)
{
	unsigned int threads = machine_cpus();
	int all_held = 1, sums = 1, rounding = 1, slept, signalled;
	struct sigaction sa = {.sa_handler = on_usr1};

	alarm(WATCHDOG_S);
	sigaction(SIGUSR1, &sa, NULL);
	if (threads < 2)
		threads = 2;
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	nr_participants = threads + 1;
	for (unsigned int i = 0; i <= threads; i++) {
		ring[i].id = i;
		ring[i].rounding = i % 2 ? FE_UPWARD : FE_DOWNWARD;
	}
	/* They spin from the start: creating the later ones needs preemption already. */
	for (unsigned int i = 1; i <= threads; i++)
		if (pthread_create(&ring[i].thread, NULL, spinner, &ring[i])) {
			perror("pthread_create");
			return 1;
		}
	self = &ring[0];
	take_turns(&ring[0]);
	signalled = signal_the_spinners(threads);
	slept = sleep_while_they_spin();
	for (unsigned int i = 1; i <= threads; i++)
		pthread_join(ring[i].thread, NULL);
	for (unsigned int i = 0; i <= threads; i++) {
		all_held &= ring[i].holds == ROUNDS;
		sums &= ring[i].sums_kept;
		rounding &= ring[i].rounding_kept;
	}
	printf("token went round %d times, every thread held it each round: %s\n", ROUNDS,
	       all_held && token == (unsigned long)ROUNDS * nr_participants ? "yes" : "no");
	printf("spin loops' floating-point sums kept: %s\n", sums ? "yes" : "no");
	printf("each thread's rounding mode kept: %s\n", rounding ? "yes" : "no");
	printf("each spinning thread ran its SIGUSR1 handler %d times: %s\n", SIGNALS,
	       signalled ? "yes" : "no");
	printf("main slept %d times while the other threads spun: %s\n", NAPS,
	       slept ? "yes" : "no");
	return 0;
}
