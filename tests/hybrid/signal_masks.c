/*
 * Signal masks: rt_sigprocmask's answers and errors, a blocked signal
 * (sent to the thread or to the process, or queued to the thread by another
 * thread) held pending until unblocked, the
 * mask a handler runs with, sigwait and sigsuspend, masks inherited by new
 * threads and forked children, a process signal taken by the one thread
 * that does not block it (it waits in sigsuspend), and a timer signal that
 * never runs inside a blocked section of a loop that blocks and unblocks
 * it. Every line is the same for a native build.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t handled[NSIG], in_critical, inside_critical, worker_ready, done;
static volatile pid_t handler_tid;
static volatile unsigned long mask_in_handler;

static const char *yes(int ok)
{
	return ok ? "yes" : "no";
}

static unsigned long mask_now(void)
{
	unsigned long m = 0;

	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, 8);
	return m;
}

static unsigned long bit(int sig)
{
	return 1ul << (sig - 1);
}

static void handler(int sig)
{
	handled[sig]++;
	handler_tid = (pid_t)syscall(SYS_gettid);
	mask_in_handler = mask_now();
	if (sig == SIGALRM && in_critical)
		inside_critical++;
}

static void install(int sig, int flags, int also_blocked)
{
	struct sigaction sa = {.sa_handler = handler, .sa_flags = flags};

	sigemptyset(&sa.sa_mask);
	if (also_blocked)
		sigaddset(&sa.sa_mask, also_blocked);
	sigaction(sig, &sa, NULL);
}

static long mask_call(int how, const void *set, void *old, long size)
{
	long r = syscall(SYS_rt_sigprocmask, how, set, old, size);

	return r < 0 ? -errno : r;
}

static void answers_and_errors(void)
{
	unsigned long usr1 = bit(SIGUSR1), usr2 = bit(SIGUSR2), old = 1, set;
	int ok;

	mask_call(SIG_SETMASK, &usr1, NULL, 8);
	ok = mask_call(SIG_BLOCK, &usr2, &old, 8) == 0 && old == usr1 &&
	     mask_now() == (usr1 | usr2);
	ok = ok && mask_call(SIG_UNBLOCK, &usr1, &old, 8) == 0 && old == (usr1 | usr2) &&
	     mask_now() == usr2;
	ok = ok && mask_call(SIG_SETMASK, &usr1, &old, 8) == 0 && old == usr2 && mask_now() == usr1;
	printf("SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK and the old sets: %s\n", yes(ok));
	printf("errors: size %s, how %s, how without a set %ld, bad set %s\n",
	       strerror(-mask_call(SIG_BLOCK, &usr2, NULL, 4)),
	       strerror(-mask_call(7, &usr2, NULL, 8)), mask_call(7, NULL, NULL, 8),
	       strerror(-mask_call(SIG_BLOCK, (void *)8, NULL, 8)));
	ok = mask_call(SIG_BLOCK, &usr2, (void *)8, 8) == -EFAULT && mask_now() == (usr1 | usr2);
	printf("bad old set: EFAULT after the mask changed: %s\n", yes(ok));
	set = bit(SIGKILL) | bit(SIGSTOP) | usr1;
	mask_call(SIG_SETMASK, &set, NULL, 8);
	printf("SIGKILL and SIGSTOP never blocked: %s\n", yes(mask_now() == usr1));
	set = 0;
	mask_call(SIG_SETMASK, &set, NULL, 8);
}

/* @send sends SIGUSR1 while it is blocked. */
static void held_until_unblocked(const char *how, void (*send)(void))
{
	sigset_t usr1, pending;
	int before;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	handled[SIGUSR1] = 0;
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	send();
	sigpending(&pending);
	before = handled[SIGUSR1];
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	printf("%s while blocked: handled %d, pending %d; handled once unblocked: %d\n", how,
	       before, sigismember(&pending, SIGUSR1), handled[SIGUSR1]);
}

static void send_to_thread(void)
{
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
}

static void send_to_process(void)
{
	kill(getpid(), SIGUSR1);
}

static pid_t main_tid;
static pthread_barrier_t queued, checked;

/* Queue SIGUSR1 to the main thread, then stay alive (not blocking it) until main looked. */
static void *queue_to_main(void *arg)
{
	siginfo_t si;

	(void)arg;
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR1;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	syscall(SYS_rt_tgsigqueueinfo, getpid(), main_tid, SIGUSR1, &si);
	pthread_barrier_wait(&queued);
	pthread_barrier_wait(&checked);
	return NULL;
}

/*
 * Another thread, which does not block SIGUSR1, queues it to the main
 * thread (as pthread_sigqueue does): it stays pending for main, and runs
 * there once main unblocks it, never in the sender.
 */
static void queued_by_another_thread(void)
{
	sigset_t usr1, pending;
	pthread_t t;
	int before, in_main;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	handled[SIGUSR1] = 0;
	main_tid = (pid_t)syscall(SYS_gettid);
	pthread_barrier_init(&queued, NULL, 2);
	pthread_barrier_init(&checked, NULL, 2);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	pthread_create(&t, NULL, queue_to_main, NULL);
	pthread_barrier_wait(&queued);
	for (int i = 0; i < 20 && !handled[SIGUSR1]; i++) /* a misdelivery shows here */
		usleep(1000);
	sigpending(&pending);
	before = handled[SIGUSR1];
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	in_main = handled[SIGUSR1] == 1 && handler_tid == main_tid;
	pthread_barrier_wait(&checked);
	pthread_join(t, NULL);
	printf("queued by another thread while blocked: handled %d, pending %d; handled once unblocked, in the thread it was queued to: %s\n",
	       before, sigismember(&pending, SIGUSR1), yes(in_main));
}

static void handler_masks(void)
{
	unsigned long in, after;

	install(SIGUSR1, 0, SIGUSR2);
	raise(SIGUSR1);
	in = mask_in_handler, after = mask_now();
	printf("in the handler: its signal and sa_mask blocked: %s; after it: neither: %s\n",
	       yes((in & bit(SIGUSR1)) && (in & bit(SIGUSR2))),
	       yes(!(after & (bit(SIGUSR1) | bit(SIGUSR2)))));
	install(SIGUSR1, SA_NODEFER, 0);
	raise(SIGUSR1);
	printf("SA_NODEFER: its signal not blocked in the handler: %s\n",
	       yes(!(mask_in_handler & bit(SIGUSR1))));
	install(SIGUSR1, 0, 0);
}

static void waits(void)
{
	sigset_t usr2, none;
	int sig = 0, r;

	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	kill(getpid(), SIGUSR2);
	sigwait(&usr2, &sig);
	printf("sigwait took SIGUSR2: %s, handler ran: %d\n", yes(sig == SIGUSR2),
	       handled[SIGUSR2]);
	handled[SIGUSR1] = 0;
	sigaddset(&usr2, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	raise(SIGUSR1);
	sigemptyset(&none);
	r = sigsuspend(&none);
	printf("sigsuspend: handler ran %d, returned %d (%s), mask back: %s\n", handled[SIGUSR1], r,
	       strerror(errno), yes(mask_now() == (bit(SIGUSR1) | bit(SIGUSR2))));
	sigprocmask(SIG_UNBLOCK, &usr2, NULL);
}

static void *report_mask(void *arg)
{
	*(unsigned long *)arg = mask_now();
	return NULL;
}

/* Blocks SIGUSR2 and waits, yielding, without any other system call. */
static void *blocking_worker(void *arg)
{
	unsigned long usr2 = bit(SIGUSR2);

	(void)arg;
	mask_call(SIG_BLOCK, &usr2, NULL, 8);
	worker_ready = 1;
	while (!done)
		sched_yield();
	return NULL;
}

/* Takes SIGUSR2, which it blocks but while it waits in sigsuspend(). */
static void *taking_worker(void *arg)
{
	sigset_t usr2, none;

	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigemptyset(&none);
	pthread_sigmask(SIG_BLOCK, &usr2, NULL);
	*(pid_t *)arg = (pid_t)syscall(SYS_gettid);
	while (!handled[SIGUSR2])
		sigsuspend(&none);
	return NULL;
}

static void threads(void)
{
	unsigned long usr1 = bit(SIGUSR1), usr2 = bit(SIGUSR2), seen = 0;
	pthread_t a, b;
	pid_t taker = 0;
	int status;
	pid_t child;

	mask_call(SIG_SETMASK, &usr1, NULL, 8);
	pthread_create(&a, NULL, report_mask, &seen);
	pthread_join(a, NULL);
	printf("a new thread has its creator's mask: %s\n", yes(seen == usr1));
	fflush(stdout);
	child = fork();
	if (child == 0)
		_exit(mask_now() == usr1 ? 0 : 1);
	waitpid(child, &status, 0);
	printf("a forked child has its parent's mask: %s\n",
	       yes(WIFEXITED(status) && !WEXITSTATUS(status)));

	handled[SIGUSR2] = 0;
	seen = 0;
	mask_call(SIG_SETMASK, &seen, NULL, 8);
	pthread_create(&a, NULL, blocking_worker, NULL);
	pthread_create(&b, NULL, taking_worker, &taker);
	while (!worker_ready || !taker)
		sched_yield();
	mask_call(SIG_BLOCK, &usr2, NULL, 8); /* now main blocks SIGUSR2 too */
	kill(getpid(), SIGUSR2);
	while (!handled[SIGUSR2])
		sched_yield();
	done = 1;
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("a process signal ran in the one thread that does not block it: %s\n",
	       yes(handler_tid == taker && handled[SIGUSR2] == 1));
	usr2 = 0;
	mask_call(SIG_SETMASK, &usr2, NULL, 8);
}

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A 1 ms SIGALRM timer against a loop that blocks it around a short computation. */
static void critical_sections(void)
{
	struct itimerval every_ms = {{0, 1000}, {0, 1000}}, off = {0};
	unsigned long alrm = bit(SIGALRM);
	volatile unsigned long work = 0;
	double end = seconds() + 20;

	install(SIGALRM, 0, 0);
	setitimer(ITIMER_REAL, &every_ms, NULL);
	while (handled[SIGALRM] < 50 && seconds() < end) {
		mask_call(SIG_BLOCK, &alrm, NULL, 8);
		in_critical = 1;
		for (int i = 0; i < 2000; i++)
			work += i;
		in_critical = 0;
		mask_call(SIG_UNBLOCK, &alrm, NULL, 8);
		for (int i = 0; i < 200; i++)
			work += i;
	}
	setitimer(ITIMER_REAL, &off, NULL);
	printf("SIGALRM ran 50 times, never inside a blocked section: %s\n",
	       yes(handled[SIGALRM] >= 50 && !inside_critical));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	install(SIGUSR1, 0, 0);
	install(SIGUSR2, 0, 0);
	answers_and_errors();
	held_until_unblocked("tgkill", send_to_thread);
	held_until_unblocked("kill", send_to_process);
	queued_by_another_thread();
	handler_masks();
	waits();
	threads();
	critical_sections();
	return 0;
}
