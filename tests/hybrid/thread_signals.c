/*
 * Threads that start at once each take the signals sent to them: 8
 * starter threads released together make 8 threads each, so many threads
 * begin at the same moment (on the HRT: many partners take their signal
 * rings at once). Every thread sends queued signals to itself and one to
 * its neighbour, each carrying the index of the thread it is for; a
 * handler that runs in any other thread (its own TLS index) is counted as
 * a stray. Nothing may be lost, nothing may run in the wrong thread.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NR_STARTERS 8
#define PER_STARTER 8
#define NR_THREADS (NR_STARTERS * PER_STARTER)
#define SELF_SIGNALS 4
#define PER_THREAD (SELF_SIGNALS + 1) /* its own, and its neighbour's */

static pthread_barrier_t starters_ready, all_started, all_sent;
static pthread_t threads[NR_THREADS];
static int tids[NR_THREADS];
static int handled[NR_THREADS]; /* written by thread i's handler only */
static int strays;
static __thread int my_index = -1;

static void on_signal(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	if (my_index < 0 || info->si_value.sival_int != my_index)
		__atomic_fetch_add(&strays, 1, __ATOMIC_RELAXED);
	else
		handled[my_index]++;
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
	for (int k = 0; k < SELF_SIGNALS; k++)
		send_to(i);
	send_to((i + 1) % NR_THREADS);
	pthread_barrier_wait(&all_sent);
	/* The neighbour's signal may still be on its way: wait up to 10 s for it. */
	for (time_t end = time(NULL) + 10; handled[i] != PER_THREAD && time(NULL) < end;)
		sched_yield();
	return NULL;
}

static void *starter(void *arg)
{
	int first = (int)(long)arg * PER_STARTER;

	pthread_barrier_wait(&starters_ready);
	for (int i = first; i < first + PER_STARTER; i++)
		pthread_create(&threads[i], NULL, worker, (void *)(long)i);
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	pthread_t st[NR_STARTERS];
	int total = 0, complete = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGRTMIN + 1, &sa, NULL);
	pthread_barrier_init(&starters_ready, NULL, NR_STARTERS);
	pthread_barrier_init(&all_started, NULL, NR_THREADS);
	pthread_barrier_init(&all_sent, NULL, NR_THREADS);
	for (long s = 0; s < NR_STARTERS; s++)
		pthread_create(&st[s], NULL, starter, (void *)s);
	for (int s = 0; s < NR_STARTERS; s++)
		pthread_join(st[s], NULL);
	for (int i = 0; i < NR_THREADS; i++) {
		pthread_join(threads[i], NULL);
		total += handled[i];
		complete += handled[i] == PER_THREAD;
	}
	printf("%d threads started at once, %d each from %d threads\n", NR_THREADS, PER_STARTER,
	       NR_STARTERS);
	printf("threads that handled all their signals: %d of %d\n", complete, NR_THREADS);
	printf("signals handled: %d of %d, in another thread: %d\n", total, NR_THREADS * PER_THREAD,
	       strays);
	return complete == NR_THREADS && !strays ? 0 : 1;
}
