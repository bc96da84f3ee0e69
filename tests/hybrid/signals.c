/*
 * Signals: handlers for SIGALRM (arriving while the program computes
 * without system calls, and while it waits in pause()), SIGUSR1, SIGINT,
 * SIGTERM and SIGCHLD; sigprocmask holding a signal pending until unblocked.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t seen[NSIG];

static void handler(int sig)
{
	seen[sig]++;
}

static void install(int sig)
{
	struct sigaction sa = {.sa_handler = handler};

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

int main(void)
{
	sigset_t block, pending;
	unsigned long spins = 0;
	pid_t child;

	install(SIGALRM), install(SIGUSR1), install(SIGINT), install(SIGTERM), install(SIGCHLD);
	alarm(1);
	while (!seen[SIGALRM])
		spins++;
	printf("SIGALRM handler ran while main computed: %s\n", spins > 0 ? "yes" : "no");
	kill(getpid(), SIGUSR1);
	raise(SIGINT);
	raise(SIGTERM);
	printf("SIGUSR1 %d, SIGINT %d, SIGTERM %d\n", seen[SIGUSR1], seen[SIGINT], seen[SIGTERM]);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	sigpending(&pending);
	printf("blocked SIGUSR1: handled %d times, pending %d\n", seen[SIGUSR1],
	       sigismember(&pending, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	printf("unblocked SIGUSR1: handled %d times\n", seen[SIGUSR1]);
	fflush(stdout);
	child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	while (!seen[SIGCHLD])
		;
	printf("SIGCHLD handler ran: %d\n", seen[SIGCHLD]);
	alarm(1);
	pause();
	printf("pause() ended by SIGALRM: handled %d times\n", seen[SIGALRM]);
	return 0;
}
