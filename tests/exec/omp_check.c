// SPDX-License-Identifier: MIT
/*
 * An OpenMP check as Debian's gcc -fopenmp builds it (libgomp, dynamic):
 * the team, OMP_NUM_THREADS, binding and places, barriers, reductions,
 * tasks, locks, nested regions, omp_get_wtime and omp_get_num_procs.
 *
 * Every line but those starting "cpus:" is the same whatever the number of
 * CPUs the process sees and the team size, so a run through hvm-exec
 * compares byte for byte with a native run of the same binary and
 * environment. The "cpus:" lines give what legitimately depends on the
 * CPUs: omp_get_num_procs, the default team, the number of places. Exits 0
 * when every check held, 1 otherwise.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_THREADS 256
#define BARRIER_ROUNDS 100
#define LOCK_ROUNDS 2000
#define SUM_N 3000000L
#define TASKS 1000
#define FIB_N 20

static int failed;

static void verdict(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "yes" : "NO");
	if (!ok)
		failed = 1;
}

static const char *bind_name(omp_proc_bind_t bind)
{
	switch (bind) {
	case omp_proc_bind_false:
		return "false";
	case omp_proc_bind_true:
		return "true";
	case omp_proc_bind_master:
		return "master";
	case omp_proc_bind_close:
		return "close";
	case omp_proc_bind_spread:
		return "spread";
	}
	return "unknown";
}

/* The default team: its size, and each thread number 0..size-1 once. */
static int check_team(void)
{
	static int seen[MAX_THREADS];
	int team = 0, dup = 0;

#pragma omp parallel
	{
		int me = omp_get_thread_num();

#pragma omp single
		team = omp_get_num_threads();
		if (me < MAX_THREADS) {
#pragma omp atomic capture
			dup = seen[me]++;
		}
	}
	int each_once = team <= MAX_THREADS && !dup;

	for (int i = 0; i < team && i < MAX_THREADS; i++)
		each_once &= seen[i] == 1;
	printf("cpus: num_procs %d\n", omp_get_num_procs());
	printf("cpus: default team %d\n", team);
	verdict("team: as large as omp_get_max_threads", team == omp_get_max_threads());
	verdict("team: thread numbers 0..size-1 each once", each_once);
	verdict("team: one thread outside a region",
		omp_get_num_threads() == 1 && omp_get_thread_num() == 0);
	return team;
}

/*
 * Binding: what OMP_PROC_BIND and OMP_PLACES made of the places, and where
 * libgomp put each thread of a team. With close binding, threads are spread
 * over consecutive places from the initial thread's: as evenly as they go.
 */
static void check_binding(int team)
{
	static int place_of[MAX_THREADS];
	omp_proc_bind_t bind = omp_get_proc_bind();
	int places = omp_get_num_places(), initial = omp_get_place_num();
	int ids_ok = 1;

	printf("bind: omp_get_proc_bind %s\n", bind_name(bind));
	printf("cpus: places %d\n", places);
	for (int p = 0; p < places; p++) {
		int n = omp_get_place_num_procs(p);
		int ids[MAX_THREADS];

		if (n < 1 || n > MAX_THREADS) {
			ids_ok = 0;
			continue;
		}
		omp_get_place_proc_ids(p, ids);
		for (int i = 0; i < n; i++)
			ids_ok &= ids[i] >= 0 && ids[i] < omp_get_num_procs();
	}
	verdict("bind: every place has CPUs the process has", ids_ok);
	if (bind == omp_proc_bind_false || places == 0) {
		verdict("bind: no place for the initial thread", initial == -1);
		return;
	}
	verdict("bind: the initial thread has a place", initial >= 0 && initial < places);
#pragma omp parallel
	{
		int me = omp_get_thread_num();

		if (me < MAX_THREADS)
			place_of[me] = omp_get_place_num();
	}
	int in_range = 1, counts[MAX_THREADS] = {0}, lo = team, hi = 0;

	for (int i = 0; i < team && i < MAX_THREADS; i++) {
		in_range &= place_of[i] >= 0 && place_of[i] < places;
		if (place_of[i] >= 0 && place_of[i] < places && place_of[i] < MAX_THREADS)
			counts[place_of[i]]++;
	}
	verdict("bind: each thread has a place", in_range);
	verdict("bind: thread 0 stays at the initial thread's place", place_of[0] == initial);
	if (bind != omp_proc_bind_close && bind != omp_proc_bind_true)
		return;
	/* The places used: min(team, places) of them, shared out evenly. */
	int used = team < places ? team : places;

	for (int p = 0; p < places && p < MAX_THREADS; p++) {
		if (!counts[p])
			continue;
		used--;
		lo = counts[p] < lo ? counts[p] : lo;
		hi = counts[p] > hi ? counts[p] : hi;
	}
	verdict("bind: close puts the team on as many places as it can, evenly",
		used == 0 && hi - lo <= 1);
	/* Thread i + 1 is at thread i's place or the next one. */
	int in_order = 1;

	for (int i = 1; i < team && i < MAX_THREADS; i++)
		in_order &= (place_of[i] - place_of[i - 1] + places) % places <= 1;
	verdict("bind: threads on consecutive places in thread order", in_order);
}

/* Every thread's write before a barrier is seen by every thread after it, round after round. */
static void check_barrier(void)
{
	static int stamp[MAX_THREADS];
	int bad = 0;

#pragma omp parallel reduction(+ : bad)
	{
		int me = omp_get_thread_num(), n = omp_get_num_threads();

		for (int round = 1; round <= BARRIER_ROUNDS; round++) {
			if (me < MAX_THREADS)
				__atomic_store_n(&stamp[me], round, __ATOMIC_RELAXED);
#pragma omp barrier
			for (int i = 0; i < n && i < MAX_THREADS; i++)
				bad += __atomic_load_n(&stamp[i], __ATOMIC_RELAXED) != round;
#pragma omp barrier
		}
	}
	verdict("barrier: 100 rounds, every write before it seen after it", bad == 0);
}

/* Integer reductions, whose results do not depend on how the loop is split. */
static void check_reductions(void)
{
	long long sum = 0, max = -1, min = SUM_N;
	unsigned long long xor = 0;

#pragma omp parallel for reduction(+ : sum) reduction(max : max) reduction(min : min) reduction(^ : xor) schedule(static)
	for (long i = 0; i < SUM_N; i++) {
		long long v = (i * 7919) % 1000003;

		sum += i;
		max = v > max ? v : max;
		min = v < min ? v : min;
		xor ^= (unsigned long long)v << (i % 40);
	}
	printf("reduction: sum %lld\n", sum);
	printf("reduction: max %lld min %lld\n", max, min);
	printf("reduction: xor %llx\n", xor);
	verdict("reduction: sum is n(n-1)/2", sum == SUM_N * (SUM_N - 1) / 2);

	long long dynamic_sum = 0;

#pragma omp parallel for reduction(+ : dynamic_sum) schedule(dynamic, 1000)
	for (long i = 0; i < SUM_N; i++)
		dynamic_sum += i % 1000;
	printf("reduction: dynamic schedule sum %lld\n", dynamic_sum);
}

static long fib(int n)
{
	long a, b;

	if (n < 2)
		return n;
	if (n < 8)
		return fib(n - 1) + fib(n - 2);
#pragma omp task shared(a)
	a = fib(n - 1);
#pragma omp task shared(b)
	b = fib(n - 2);
#pragma omp taskwait
	return a + b;
}

/* Tasks: a recursive fib with taskwait, and a taskgroup that waits for tasks making tasks. */
static void check_tasks(void)
{
	long f = 0;
	int done = 0, ran_by_others = 0;

#pragma omp parallel
#pragma omp single
	f = fib(FIB_N);
	printf("tasks: fib(%d) = %ld\n", FIB_N, f);
	verdict("tasks: fib right", f == 6765);
#pragma omp parallel
#pragma omp single
	{
#pragma omp taskgroup
		{
			for (int i = 0; i < TASKS; i++) {
#pragma omp task
				{
#pragma omp task
					{
#pragma omp atomic
						done++;
					}
				}
			}
		}
		/* Past the taskgroup: every task and its child have run. */
		ran_by_others = done;
	}
	printf("tasks: %d nested tasks done at the end of the taskgroup\n", ran_by_others);
	verdict("tasks: taskgroup waited for all", ran_by_others == TASKS);
}

/* Mutual exclusion: an omp_lock_t and a critical section guard plain increments. */
static void check_locks(void)
{
	omp_lock_t lock;
	long locked = 0, critical = 0;
	int team = 0, tested = 0;

	omp_init_lock(&lock);
#pragma omp parallel
	{
#pragma omp single
		team = omp_get_num_threads();
		for (int i = 0; i < LOCK_ROUNDS; i++) {
			omp_set_lock(&lock);
			locked++;
			omp_unset_lock(&lock);
#pragma omp critical(check_locks)
			critical++;
		}
		/* omp_test_lock takes a free lock; every thread gets it in the end. */
		while (!omp_test_lock(&lock))
			;
		tested++;
		omp_unset_lock(&lock);
	}
	omp_destroy_lock(&lock);
	verdict("lock: omp_lock_t counted every increment", locked == (long)team * LOCK_ROUNDS);
	verdict("lock: critical counted every increment", critical == (long)team * LOCK_ROUNDS);
	verdict("lock: omp_test_lock taken by every thread", tested == team);
}

/* Two active levels: 2 x 3 threads, each knowing its level and ancestors. */
static void check_nested(void)
{
	static int seen[2][3];
	int bad = 0;

	omp_set_max_active_levels(2);
	printf("nested: max active levels %d\n", omp_get_max_active_levels());
#pragma omp parallel num_threads(2) reduction(+ : bad)
	{
		int outer = omp_get_thread_num();

		bad += omp_get_level() != 1 || omp_get_active_level() != 1 ||
		       omp_get_num_threads() != 2;
#pragma omp parallel num_threads(3) reduction(+ : bad)
		{
			int inner = omp_get_thread_num();

			bad += omp_get_level() != 2 || omp_get_active_level() != 2;
			bad += omp_get_num_threads() != 3 || omp_get_team_size(1) != 2 ||
			       omp_get_team_size(2) != 3;
			bad += omp_get_ancestor_thread_num(0) != 0 ||
			       omp_get_ancestor_thread_num(1) != outer ||
			       omp_get_ancestor_thread_num(2) != inner;
			if (outer < 2 && inner < 3) {
#pragma omp atomic
				seen[outer][inner]++;
			}
		}
	}
	int each_once = 1;

	for (int o = 0; o < 2; o++)
		for (int i = 0; i < 3; i++)
			each_once &= seen[o][i] == 1;
	verdict("nested: 2 outer threads each ran a team of 3", each_once);
	verdict("nested: levels, team sizes and ancestor thread numbers right", bad == 0);
	omp_set_max_active_levels(1);
	int inner_team = 0;

#pragma omp parallel num_threads(2)
#pragma omp parallel num_threads(3)
#pragma omp single
	inner_team = omp_get_num_threads();
	verdict("nested: with one active level the inner region has one thread", inner_team == 1);
}

/* omp_get_wtime: never goes back, ticks finer than a millisecond, and measures a sleep. */
static void check_wtime(void)
{
	int back = 0;

#pragma omp parallel reduction(+ : back)
	{
		double last = omp_get_wtime();

		for (int i = 0; i < 20000; i++) {
			double now = omp_get_wtime();

			back += now < last;
			last = now;
		}
	}
	verdict("wtime: monotonic in every thread", back == 0);
	verdict("wtime: tick finer than 1 ms", omp_get_wtick() > 0 && omp_get_wtick() < 1e-3);

	struct timespec nap = {0, 50 * 1000 * 1000};
	double start = omp_get_wtime();

	nanosleep(&nap, NULL);
	double slept = omp_get_wtime() - start;

	verdict("wtime: a 50 ms sleep measures 50 ms to 5 s", slept >= 0.05 && slept < 5);
}

int main(void)
{
	int team;

	setvbuf(stdout, NULL, _IOLBF, 0);
	team = check_team();
	check_binding(team);
	check_barrier();
	check_reductions();
	check_tasks();
	check_locks();
	check_nested();
	check_wtime();
	printf("result: %s\n", failed ? "FAILED" : "all checks held");
	return failed;
}
