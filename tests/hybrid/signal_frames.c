/*
 * Signal handlers where the program's threads run, with Linux's frames:
 * a handler runs at the privilege level of the code it interrupted (so on
 * the HRT thread of a hybrid program, never on its Linux partner) and in
 * the thread the signal was sent to; SA_SIGINFO gets siginfo and a
 * ucontext; SA_RESTART makes a read that the signal interrupted go on,
 * without it the read fails with EINTR; siglongjmp out of a handler
 * restores the mask; a handler's floating-point state does not leak into
 * the interrupted code; nanosleep ends with EINTR and the time left, even
 * under SA_RESTART; two pending signals run in Linux's order.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

static volatile sig_atomic_t hits, order[4], norder;
static volatile int handler_cpl = -1;
static volatile pthread_t handler_thread;
static int pipe_fd[2];
static sigjmp_buf jump;

static int cpl(void)
{
	unsigned short cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	return cs & 3;
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void where(int sig, siginfo_t *info, void *ucv)
{
	ucontext_t *uc = ucv;

	handler_cpl = cpl();
	handler_thread = pthread_self();
	if (info->si_signo == sig && uc->uc_mcontext.gregs[REG_RIP] != 0)
		hits++;
}

static void *spinner(void *arg)
{
	(void)arg;
	while (!hits)
		;
	return NULL;
}

static void feed_pipe(int sig, siginfo_t *info, void *uc)
{
	(void)sig, (void)info, (void)uc;
	write(pipe_fd[1], "x", 1);
}

static void leave(int sig, siginfo_t *info, void *uc)
{
	(void)info, (void)uc;
	hits++;
	siglongjmp(jump, sig);
}

static void float_mess(int sig, siginfo_t *info, void *uc)
{
	volatile double x = 1.0;

	(void)sig, (void)info, (void)uc;
	fesetround(FE_UPWARD);
	for (int i = 0; i < 100; i++)
		x = x / 3.0 + 0.1;
	hits++;
}

static void nothing(int sig, siginfo_t *info, void *uc)
{
	(void)sig, (void)info, (void)uc;
}

static void record(int sig, siginfo_t *info, void *uc)
{
	(void)info, (void)uc;
	order[norder++] = sig;
}

static void read_after_alarm(const char *what, int flags)
{
	char c = 0;
	ssize_t n;

	install(SIGALRM, feed_pipe, flags);
	alarm(1);
	n = read(pipe_fd[0], &c, 1);
	printf("%s: read returned %zd (%s)\n", what, n, n < 0 ? strerror(errno) : "data");
	if (n < 0)
		read(pipe_fd[0], &c, 1); /* the handler's byte */
}

int main(void)
{
	pthread_t t;
	sigset_t both;
	volatile double kept = 2.0 / 3.0;
	int main_cpl = cpl();

	install(SIGUSR1, where, 0);
	kill(getpid(), SIGUSR1);
	printf("handler ran at the privilege level of main: %s\n",
	       handler_cpl == main_cpl ? "yes" : "no");
	printf("handler ran in main's thread: %s, siginfo and ucontext: %s\n",
	       pthread_equal(handler_thread, pthread_self()) ? "yes" : "no",
	       hits == 1 ? "yes" : "no");

	hits = 0;
	pthread_create(&t, NULL, spinner, NULL);
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	printf("pthread_kill: handler ran in the target thread: %s\n",
	       pthread_equal(handler_thread, t) ? "yes" : "no");

	pipe(pipe_fd);
	read_after_alarm("SA_RESTART", SA_RESTART);
	read_after_alarm("no SA_RESTART", 0);

	hits = 0;
	install(SIGUSR2, leave, 0);
	if (sigsetjmp(jump, 1) == 0)
		raise(SIGUSR2);
	if (sigsetjmp(jump, 1) == 0)
		raise(SIGUSR2);
	printf("siglongjmp out of the handler, twice: %d\n", hits);

	hits = 0;
	install(SIGUSR2, float_mess, 0);
	raise(SIGUSR2);
	printf("after a handler that changed the rounding mode: %s, 2/3 kept: %s\n",
	       fegetround() == FE_TONEAREST ? "to nearest" : "changed",
	       kept == 2.0 / 3.0 ? "yes" : "no");

	{
		struct timespec req = {5, 0}, rem = {0, 0};
		int r;

		install(SIGALRM, nothing, SA_RESTART);
		alarm(1);
		r = nanosleep(&req, &rem);
		printf("nanosleep ended by a handler: %s, time left: %s\n",
		       r < 0 && errno == EINTR ? "EINTR" : "no",
		       rem.tv_sec >= 1 && rem.tv_sec < 5 ? "some" : "none");
	}

	install(SIGUSR1, record, 0);
	install(SIGUSR2, record, 0);
	sigemptyset(&both);
	sigaddset(&both, SIGUSR1);
	sigaddset(&both, SIGUSR2);
	sigprocmask(SIG_BLOCK, &both, NULL);
	raise(SIGUSR2);
	raise(SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &both, NULL);
	printf("two pending signals ran in the order %d %d\n", order[0], order[1]);
	return 0;
}
