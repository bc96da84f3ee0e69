/*
 * Futexes under stress, with deterministic output: more threads than HRT
 * CPUs, spread over the CPUs, through pthreads (mutex/condvar ping-pong,
 * barriers, condvar broadcasts, which musl turns into FUTEX_REQUEUE, joins
 * of many threads), raw futex operations whose results are exact once the
 * waiters are known to sleep (a FUTEX_REQUEUE of a word onto itself counts
 * its sleepers without waking them), their errors, timed waits that time
 * out and one that is woken, set_tid_address and the clear_child_tid wake
 * at a thread's exit, signals that end or restart a wait or post a
 * semaphore from a handler, and a process-shared futex between this
 * process and a forked child. "futexes PART" runs one part only:
 * private, signals, timed, tid or shared (HVM_STATS shows what each
 * forwards); "futexes sleep" leaves threads asleep in native and timed
 * waits for good, to be killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE 128
#define FUTEX_CLOCK_REALTIME 256

static long futex(volatile int *uaddr, int op, int val, long timeout_or_val2, volatile int *uaddr2,
		  int val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout_or_val2, uaddr2, val3);
}

/* The futex call's result as Linux gives it: a count, or -errno. */
static long futex_r(volatile int *uaddr, int op, int val, long val2, volatile int *uaddr2, int val3)
{
	long r = futex(uaddr, op, val, val2, uaddr2, val3);

	return r < 0 ? -errno : r;
}

/* How many threads sleep on @word: requeued onto itself, none woken. */
static long sleepers(volatile int *word)
{
	return futex(word, FUTEX_REQUEUE | FUTEX_PRIVATE, 0, INT_MAX, word, 0);
}

static void wait_for_sleepers(volatile int *word, long n)
{
	while (sleepers(word) < n)
		sched_yield();
}

/* ---- mutex and condition variable ping-pong between two threads ---- */

#define PING_ROUNDS 3000

static pthread_mutex_t pp_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_turn = PTHREAD_COND_INITIALIZER;
static int pp_next, pp_turns;

static void *ping_pong(void *arg)
{
	int me = (int)(long)arg;

	for (int k = 0; k < PING_ROUNDS; k++) {
		pthread_mutex_lock(&pp_lock);
		while (pp_next != me)
			pthread_cond_wait(&pp_turn, &pp_lock);
		pp_turns++;
		pp_next = !me;
		pthread_cond_signal(&pp_turn);
		pthread_mutex_unlock(&pp_lock);
	}
	return NULL;
}

static void test_ping_pong(void)
{
	pthread_t t[2];

	for (long i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, ping_pong, (void *)i);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("ping-pong: %d turns, next turn %d\n", pp_turns, pp_next);
}

/* ---- barriers, more threads than CPUs, and a contended mutex ---- */

#define BARRIER_THREADS 7
#define BARRIER_ROUNDS 300

static pthread_barrier_t barrier;
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static long arrivals, serials, mismatches;

static void *barrier_worker(void *arg)
{
	(void)arg;
	for (long round = 0; round < BARRIER_ROUNDS; round++) {
		pthread_mutex_lock(&count_lock);
		arrivals++;
		pthread_mutex_unlock(&count_lock);
		if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_fetch_add(&serials, 1, __ATOMIC_RELAXED);
		pthread_mutex_lock(&count_lock);
		if (arrivals < (round + 1) * BARRIER_THREADS)
			mismatches++;
		pthread_mutex_unlock(&count_lock);
		pthread_barrier_wait(&barrier);
	}
	return NULL;
}

static void test_barrier(void)
{
	pthread_t t[BARRIER_THREADS];

	pthread_barrier_init(&barrier, NULL, BARRIER_THREADS);
	for (int i = 0; i < BARRIER_THREADS; i++)
		pthread_create(&t[i], NULL, barrier_worker, NULL);
	for (int i = 0; i < BARRIER_THREADS; i++)
		pthread_join(t[i], NULL);
	printf("barrier: %d threads x %d rounds, %ld arrivals, %ld serial threads, %ld early leaves\n",
	       BARRIER_THREADS, BARRIER_ROUNDS, arrivals, serials, mismatches);
}

/* ---- condition variable broadcasts (musl requeues the waiters to the mutex) ---- */

#define BCAST_WAITERS 6
#define BCAST_ROUNDS 150

static pthread_mutex_t bc_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bc_go = PTHREAD_COND_INITIALIZER, bc_back = PTHREAD_COND_INITIALIZER;
static int bc_generation, bc_waiting, bc_released;

static void *bcast_waiter(void *arg)
{
	(void)arg;
	for (int round = 0; round < BCAST_ROUNDS; round++) {
		pthread_mutex_lock(&bc_lock);
		int gen = bc_generation;

		bc_waiting++;
		pthread_cond_signal(&bc_back);
		while (bc_generation == gen)
			pthread_cond_wait(&bc_go, &bc_lock);
		bc_released++;
		pthread_mutex_unlock(&bc_lock);
	}
	return NULL;
}

static void test_broadcast(void)
{
	pthread_t t[BCAST_WAITERS];

	for (int i = 0; i < BCAST_WAITERS; i++)
		pthread_create(&t[i], NULL, bcast_waiter, NULL);
	for (int round = 0; round < BCAST_ROUNDS; round++) {
		pthread_mutex_lock(&bc_lock);
		while (bc_waiting < BCAST_WAITERS)
			pthread_cond_wait(&bc_back, &bc_lock);
		bc_waiting = 0;
		bc_generation++;
		pthread_cond_broadcast(&bc_go);
		pthread_mutex_unlock(&bc_lock);
	}
	for (int i = 0; i < BCAST_WAITERS; i++)
		pthread_join(t[i], NULL);
	printf("broadcast: %d waiters x %d rounds, %d releases\n", BCAST_WAITERS, BCAST_ROUNDS,
	       bc_released);
}

/* ---- raw futex operations ---- */

static volatile int word_a, word_b, word_bits;
static int raw_spurious;

/* Sleep on word_a while it is 0; a wake that finds it still 0 sleeps again (counted). */
static void *raw_waiter(void *arg)
{
	(void)arg;
	while (__atomic_load_n(&word_a, __ATOMIC_ACQUIRE) == 0)
		if (futex(&word_a, FUTEX_WAIT | FUTEX_PRIVATE, 0, 0, NULL, 0) == 0 && word_a == 0)
			__atomic_fetch_add(&raw_spurious, 1, __ATOMIC_RELAXED);
	return NULL;
}

static void *bits_waiter(void *arg)
{
	(void)arg;
	return (void *)futex_r(&word_bits, FUTEX_WAIT_BITSET | FUTEX_PRIVATE, 0, 0, NULL, 0x1);
}

static void test_requeue(void)
{
	pthread_t t[4];
	long n;

	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, raw_waiter, NULL);
	wait_for_sleepers(&word_a, 4);
	n = sleepers(&word_a);
	printf("raw: sleepers on a %ld, wake(0) wakes %ld\n", n,
	       futex_r(&word_a, FUTEX_WAKE | FUTEX_PRIVATE, 0, 0, NULL, 0));
	wait_for_sleepers(&word_a, 4); /* the woken one found a still 0 */
	printf("raw: cmp_requeue with a stale value: %s\n",
	       strerror(-futex_r(&word_a, FUTEX_CMP_REQUEUE | FUTEX_PRIVATE, 1, INT_MAX, &word_b,
				 1)));
	printf("raw: requeue with a negative count: %s\n",
	       strerror(-futex_r(&word_a, FUTEX_REQUEUE | FUTEX_PRIVATE, 1, -1, &word_b, 0)));
	__atomic_store_n(&word_a, 1, __ATOMIC_RELEASE);
	printf("raw: cmp_requeue a -> b: %ld woken or moved\n",
	       futex_r(&word_a, FUTEX_CMP_REQUEUE | FUTEX_PRIVATE, 1, INT_MAX, &word_b, 1));
	n = sleepers(&word_a);
	printf("raw: now %ld on a, %ld on b\n", n, sleepers(&word_b));
	n = futex_r(&word_b, FUTEX_WAKE | FUTEX_PRIVATE, 2, 0, NULL, 0);
	printf("raw: wake 2 on b: %ld, the rest: %ld\n", n,
	       futex_r(&word_b, FUTEX_WAKE | FUTEX_PRIVATE, INT_MAX, 0, NULL, 0));
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	printf("raw: 4 waiters done, %d woken while a was 0\n", raw_spurious > 0);
}

static void test_bitset(void)
{
	pthread_t t;
	void *r;

	pthread_create(&t, NULL, bits_waiter, NULL);
	wait_for_sleepers(&word_bits, 1);
	printf("bitset: wake with bits 0x2 wakes %ld\n",
	       futex_r(&word_bits, FUTEX_WAKE_BITSET | FUTEX_PRIVATE, INT_MAX, 0, NULL, 0x2));
	printf("bitset: wake with bits 0x3 wakes %ld\n",
	       futex_r(&word_bits, FUTEX_WAKE_BITSET | FUTEX_PRIVATE, INT_MAX, 0, NULL, 0x3));
	pthread_join(t, &r);
	printf("bitset: the waiter's wait returned %ld\n", (long)r);
	printf("bitset: wait with bits 0: %s\n",
	       strerror(-futex_r(&word_bits, FUTEX_WAIT_BITSET | FUTEX_PRIVATE, 0, 0, NULL, 0)));
	printf("bitset: wake with bits 0: %s\n",
	       strerror(-futex_r(&word_bits, FUTEX_WAKE_BITSET | FUTEX_PRIVATE, 1, 0, NULL, 0)));
}

static void test_errors(void)
{
	char *page =
		mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile int *untouched = (volatile int *)(page + 4096);
	volatile int *none = (volatile int *)(page + 2 * 4096);

	mprotect((void *)none, 4096, PROT_NONE);
	printf("errors: wait on a changed word: %s\n",
	       strerror(-futex_r(&word_a, FUTEX_WAIT | FUTEX_PRIVATE, 0, 0, NULL, 0)));
	printf("errors: wait on a misaligned word: %s\n",
	       strerror(-futex_r((volatile int *)(page + 2), FUTEX_WAIT | FUTEX_PRIVATE, 0, 0, NULL,
				 0)));
	printf("errors: wait on a page never touched, other value: %s\n",
	       strerror(-futex_r(untouched, FUTEX_WAIT | FUTEX_PRIVATE, 1, 0, NULL, 0)));
	printf("errors: wait on a PROT_NONE page: %s\n",
	       strerror(-futex_r(none, FUTEX_WAIT | FUTEX_PRIVATE, 0, 0, NULL, 0)));
	printf("errors: cmp_requeue from a PROT_NONE page: %s\n",
	       strerror(-futex_r(none, FUTEX_CMP_REQUEUE | FUTEX_PRIVATE, 1, 1, &word_b, 0)));
	printf("errors: wake on a PROT_NONE page: %ld\n",
	       futex_r(none, FUTEX_WAKE | FUTEX_PRIVATE, 1, 0, NULL, 0));
	printf("errors: realtime clock with FUTEX_WAIT: %s\n",
	       strerror(-futex_r(&word_a, FUTEX_WAIT | FUTEX_PRIVATE | FUTEX_CLOCK_REALTIME, 1, 0,
				 NULL, 0)));
	munmap(page, 3 * 4096);
}

/* ---- many joins ---- */

#define JOIN_THREADS 40

static void *joinee(void *arg)
{
	return (void *)(3 * (long)arg);
}

static void test_joins(void)
{
	pthread_t t[JOIN_THREADS];
	long sum = 0;

	for (long i = 0; i < JOIN_THREADS; i++)
		pthread_create(&t[i], NULL, joinee, (void *)i);
	for (int i = JOIN_THREADS - 1; i >= 0; i--) {
		void *r;

		pthread_join(t[i], &r);
		sum += (long)r;
	}
	printf("joins: %d threads joined, results sum %ld\n", JOIN_THREADS, sum);
}

/* ---- timed waits ---- */

static pthread_mutex_t tw_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tw_cond = PTHREAD_COND_INITIALIZER;
static int tw_waiting, tw_go;

static struct timespec in_ms(clockid_t clock, long ms)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	ts.tv_nsec += ms * 1000000;
	ts.tv_sec += ts.tv_nsec / 1000000000;
	ts.tv_nsec %= 1000000000;
	return ts;
}

/* Waits up to 60 s for tw_go: a signal must end the timed wait long before. */
static void *timed_waiter(void *arg)
{
	struct timespec at = in_ms(CLOCK_REALTIME, 60000);
	int r = 0;

	(void)arg;
	pthread_mutex_lock(&tw_lock);
	tw_waiting = 1;
	while (!tw_go && r == 0)
		r = pthread_cond_timedwait(&tw_cond, &tw_lock, &at);
	pthread_mutex_unlock(&tw_lock);
	return (void *)(long)r;
}

static void test_timed(void)
{
	struct timespec at = in_ms(CLOCK_REALTIME, 30), rel = {0, 20000000};
	pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
	volatile int word = 5;
	pthread_t t;
	void *r;
	sem_t sem;

	pthread_mutex_lock(&tw_lock);
	printf("timed: cond_timedwait nobody signals: %s\n",
	       strerror(pthread_cond_timedwait(&tw_cond, &tw_lock, &at)));
	pthread_mutex_unlock(&tw_lock);
	sem_init(&sem, 0, 0);
	at = in_ms(CLOCK_REALTIME, 30);
	printf("timed: sem_timedwait on 0: %s\n",
	       sem_timedwait(&sem, &at) ? strerror(errno) : "acquired");
	pthread_mutex_lock(&held);
	at = in_ms(CLOCK_REALTIME, 30);
	printf("timed: mutex_timedlock on a held mutex: %s\n",
	       strerror(pthread_mutex_timedlock(&held, &at)));
	printf("timed: FUTEX_WAIT 20 ms: %s\n",
	       strerror(-futex_r(&word, FUTEX_WAIT | FUTEX_PRIVATE, 5, (long)&rel, NULL, 0)));
	at = in_ms(CLOCK_REALTIME, 20);
	printf("timed: FUTEX_WAIT_BITSET until realtime +20 ms: %s\n",
	       strerror(-futex_r(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE | FUTEX_CLOCK_REALTIME, 5,
				 (long)&at, NULL, -1)));
	at = in_ms(CLOCK_MONOTONIC, 20);
	printf("timed: FUTEX_WAIT_BITSET until monotonic +20 ms: %s\n",
	       strerror(
		       -futex_r(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE, 5, (long)&at, NULL, -1)));
	pthread_create(&t, NULL, timed_waiter, NULL);
	for (int waiting = 0; !waiting; sched_yield()) {
		pthread_mutex_lock(&tw_lock);
		waiting = tw_waiting;
		pthread_mutex_unlock(&tw_lock);
	}
	pthread_mutex_lock(&tw_lock); /* the waiter is inside its timed wait now */
	tw_go = 1;
	pthread_cond_signal(&tw_cond);
	pthread_mutex_unlock(&tw_lock);
	pthread_join(t, &r);
	printf("timed: a signalled timed wait returns: %s\n", strerror((int)(long)r));
}

/* ---- set_tid_address and the clear_child_tid wake at exit ---- */

static volatile int tid_first = 1, tid_second = 1;
static int tid_matches, tid_reported;
static long tid_had_address;

static void *tid_thread(void *arg)
{
	int *reported = NULL;

	(void)arg;
	prctl(PR_GET_TID_ADDRESS, &tid_had_address);
	tid_matches = syscall(SYS_set_tid_address, &tid_first) == syscall(SYS_gettid);
	syscall(SYS_set_tid_address, &tid_second);
	prctl(PR_GET_TID_ADDRESS, &reported);
	tid_reported = reported == &tid_second;
	syscall(SYS_exit, 0); /* not pthread_exit: its clear_child_tid is no longer musl's */
	return NULL;
}

static void test_tid_address(void)
{
	struct timespec second = {1, 0};
	pthread_t t;
	int waits = 0;

	pthread_create(&t, NULL, tid_thread, NULL);
	/* A shared wait, like glibc's pthread_join: the exit wake is a shared one. */
	while (tid_second && waits++ < 30)
		futex(&tid_second, FUTEX_WAIT, 1, (long)&second, NULL, 0);
	printf("tid: set_tid_address returns the caller's tid: %s\n", tid_matches ? "yes" : "no");
	printf("tid: the thread had a clear_child_tid address: %s\n",
	       tid_had_address ? "yes" : "no");
	printf("tid: PR_GET_TID_ADDRESS says the new one: %s\n", tid_reported ? "yes" : "no");
	printf("tid: at exit the last address was cleared: %s, the one before untouched: %s\n",
	       tid_second == 0 ? "yes" : "no", tid_first == 1 ? "yes" : "no");
}

/* ---- a process-shared futex between this process and a forked child ---- */

struct shared_area {
	volatile int word;
	sem_t sem;
};

static void test_shared(void)
{
	struct shared_area *s =
		mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid;
	int st = -1;

	sem_init(&s->sem, 1, 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		while (s->word == 0)
			futex(&s->word, FUTEX_WAIT, 0, 0, NULL, 0);
		s->word = 2;
		futex(&s->word, FUTEX_WAKE, 1, 0, NULL, 0);
		sem_post(&s->sem);
		_exit(s->word == 2 ? 0 : 1);
	}
	s->word = 1;
	futex(&s->word, FUTEX_WAKE, 1, 0, NULL, 0);
	while (s->word == 1)
		futex(&s->word, FUTEX_WAIT, 1, 0, NULL, 0);
	sem_wait(&s->sem);
	waitpid(pid, &st, 0);
	printf("shared: parent and forked child woke each other: word %d, child status %d\n",
	       s->word, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* ---- signals and native waits ---- */

static volatile int sig_word;
static volatile sig_atomic_t handled;
static sem_t sig_sem;

static void on_signal(int sig)
{
	handled++;
	if (sig == SIGUSR2)
		sem_post(&sig_sem);
}

/* @arg: a relative timeout, or NULL. */
static void *sig_waiter(void *arg)
{
	return (void *)futex_r(&sig_word, FUTEX_WAIT | FUTEX_PRIVATE, 0, (long)arg, NULL, 0);
}

static void *sem_waiter(void *arg)
{
	(void)arg;
	return (void *)(long)sem_wait(&sig_sem);
}

/*
 * Signal the thread sleeping in sig_waiter() (for up to @timeout if not
 * NULL) with a handler of @flags; what its wait returned.
 */
static long signal_sleeper(int flags, struct timespec *timeout)
{
	struct sigaction sa = {.sa_handler = on_signal, .sa_flags = flags};
	pthread_t t;
	void *r;

	sigaction(SIGUSR1, &sa, NULL);
	handled = 0;
	pthread_create(&t, NULL, sig_waiter, timeout);
	wait_for_sleepers(&sig_word, 1);
	pthread_kill(t, SIGUSR1);
	while (!handled)
		sched_yield();
	if ((flags & SA_RESTART) && !timeout) { /* it waits again: wake it */
		wait_for_sleepers(&sig_word, 1);
		futex(&sig_word, FUTEX_WAKE | FUTEX_PRIVATE, 1, 0, NULL, 0);
	}
	pthread_join(t, &r);
	return (long)r;
}

static void test_signals(void)
{
	struct sigaction sa = {.sa_handler = on_signal};
	struct timespec minute = {60, 0};
	pthread_t t;
	void *r;

	printf("signals: a futex wait ends for a handler: %s\n",
	       strerror(-signal_sleeper(0, NULL)));
	printf("signals: with SA_RESTART it waits again, then is woken: %ld\n",
	       signal_sleeper(SA_RESTART, NULL));
	printf("signals: a timed wait ends even with SA_RESTART: %s\n",
	       strerror(-signal_sleeper(SA_RESTART, &minute)));
	sem_init(&sig_sem, 0, 0);
	sigaction(SIGUSR2, &sa, NULL);
	pthread_create(&t, NULL, sem_waiter, NULL);
	wait_for_sleepers((volatile int *)&sig_sem, 1);
	raise(SIGUSR2);
	pthread_join(t, &r);
	printf("signals: sem_post in a handler wakes a sem_wait: %ld\n", (long)r);
}

/* ---- "futexes sleep": threads asleep for good, for kill -9 (not part of "all") ---- */

#define SLEEP_THREADS 6

static volatile int sleep_word;

static void *sleeper(void *arg)
{
	struct timespec at = in_ms(CLOCK_REALTIME, 600000);

	if (arg) { /* one waits with a timeout, which Linux makes */
		pthread_mutex_lock(&tw_lock);
		tw_waiting = 1;
		pthread_cond_timedwait(&tw_cond, &tw_lock, &at);
		pthread_mutex_unlock(&tw_lock);
	}
	for (;;)
		futex(&sleep_word, FUTEX_WAIT | FUTEX_PRIVATE, 0, 0, NULL, 0);
	return NULL;
}

static void test_sleep(void)
{
	pthread_t t;

	for (long i = 0; i < SLEEP_THREADS; i++)
		pthread_create(&t, NULL, sleeper, (void *)(long)(i == 0));
	wait_for_sleepers(&sleep_word, SLEEP_THREADS - 1);
	for (int waiting = 0; !waiting; sched_yield()) {
		pthread_mutex_lock(&tw_lock); /* free again once the timed waiter waits */
		waiting = tw_waiting;
		pthread_mutex_unlock(&tw_lock);
	}
	printf("sleeping\n");
	fflush(stdout);
	sleeper(NULL);
}

int main(int argc, char **argv)
{
	const char *part = argc > 1 ? argv[1] : "all";
	int all = !strcmp(part, "all");

	if (all || !strcmp(part, "private")) {
		test_ping_pong();
		test_barrier();
		test_broadcast();
		test_requeue();
		test_bitset();
		test_errors();
		test_joins();
	}
	if (all || !strcmp(part, "signals"))
		test_signals();
	if (all || !strcmp(part, "timed"))
		test_timed();
	if (all || !strcmp(part, "tid"))
		test_tid_address();
	if (all || !strcmp(part, "shared"))
		test_shared();
	if (!strcmp(part, "sleep"))
		test_sleep();
	return 0;
}
