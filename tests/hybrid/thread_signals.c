/*
 * Threads that start at once each take the signals sent to them: 8
 * starter threads released together make 8 threads each, so many threads
 * begin at the same moment (on the HRT: many partners take their signal
 * rings at once). Every thread sends queued signals to itself and one to
 * its neighbour, each carrying the index of the thread it is for; a
 * handler that runs in any other thread (its own TLS index) is counted as
 * a stray. Nothing may be lost, nothing may run in the wrong thread.
 *
 * Arguments STARTERS THREADS_EACH ROUNDS (default 8 8 1): a storm with
 * few threads and many rounds (1 4 100) sends the neighbour's signals
 * while the thread enters the handlers of its own (on the HRT: with its
 * signal blocked by them, so it must stay pending for that very thread).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 64
#define SELF_SIGNALS 4 /* a round: these to itself, then one to its neighbour */
#define PER_ROUND (SELF_SIGNALS + 1)

static int nr_starters = 8, per_starter = 8, rounds = 1, nr_threads;
static pthread_barrier_t starters_ready, all_started;
static pthread_t threads[MAX_THREADS];
static int tids[MAX_THREADS];
static int handled[MAX_THREADS]; /* atomic: a handler may run on Linux while one runs on the HRT */
static int strays;
static __thread int my_index = -1;

static void on_signal(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	if (my_index < 0 || info->si_value.sival_int != my_index)
		__atomic_fetch_add(&strays, 1, __ATOMIC_RELAXED);
	else
		__atomic_fetch_add(&handled[my_index], 1, __ATOMIC_RELAXED);
}

static int handled_by(int i)
{
	return __atomic_load_n(&handled[i], __ATOMIC_RELAXED);
}

/* A queued signal for thread @to (a real-time one: none merge). */
static void send_to(int to)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_signo = SIGRTMIN + 1;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = to;
	syscall(SYS_rt_tgsigqueueinfo, getpid(), __atomic_load_n(&tids[to], __ATOMIC_ACQUIRE),
		SIGRTMIN + 1, &si);
}

static void *worker(void *arg)
{
	int i = (int)(long)arg;

	my_index = i;
	__atomic_store_n(&tids[i], (int)syscall(SYS_gettid), __ATOMIC_RELEASE);
	pthread_barrier_wait(&all_started);
	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < SELF_SIGNALS; k++)
			send_to(i);
		send_to((i + 1) % nr_threads);
	}
	/* The neighbour's signals may still be on their way: wait up to 10 s for them. */
	for (time_t end = time(NULL) + 10; handled_by(i) != rounds * PER_ROUND && time(NULL) < end;)
		sched_yield();
	return NULL;
}

static void *starter(void *arg)
{
	int first = (int)(long)arg * per_starter;

	pthread_barrier_wait(&starters_ready);
	for (int i = first; i < first + per_starter; i++)
		pthread_create(&threads[i], NULL, worker, (void *)(long)i);
	return NULL;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	pthread_t st[MAX_THREADS];
	int total = 0, complete = 0;

	if (argc == 4) {
		nr_starters = atoi(argv[1]);
		per_starter = atoi(argv[2]);
		rounds = atoi(argv[3]);
	}
	nr_threads = nr_starters * per_starter;
	if ((argc != 1 && argc != 4) || nr_starters < 1 || per_starter < 1 || rounds < 1 ||
	    nr_threads > MAX_THREADS) {
		fprintf(stderr,
			"usage: thread_signals [STARTERS THREADS_EACH ROUNDS], at most %d threads\n",
			MAX_THREADS);
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGRTMIN + 1, &sa, NULL);
	pthread_barrier_init(&starters_ready, NULL, nr_starters);
	pthread_barrier_init(&all_started, NULL, nr_threads);
	for (long s = 0; s < nr_starters; s++)
		pthread_create(&st[s], NULL, starter, (void *)s);
	for (int s = 0; s < nr_starters; s++)
		pthread_join(st[s], NULL);
	for (int i = 0; i < nr_threads; i++) {
		pthread_join(threads[i], NULL);
		total += handled_by(i);
		complete += handled_by(i) == rounds * PER_ROUND;
	}
	printf("%d threads started at once, %d each from %d threads, %d round(s) each\n",
	       nr_threads, per_starter, nr_starters, rounds);
	printf("threads that handled all their signals: %d of %d\n", complete, nr_threads);
	printf("signals handled: %d of %d, in another thread: %d\n", total,
	       nr_threads * rounds * PER_ROUND, strays);
	return complete == nr_threads && !strays ? 0 : 1;
}
