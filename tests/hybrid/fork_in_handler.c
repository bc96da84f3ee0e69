/*
 * fork() inside a signal handler: the child goes on from the handler as a
 * plain process.
 *
 *   fork_in_handler            the child returns from the handler (through
 *                              the frame the signal was delivered with) and
 *                              later from main; a second child leaves the
 *                              handler with siglongjmp instead
 *   fork_in_handler storm N    N times, while another thread raises signals
 *                              at itself without pause: the handler forks,
 *                              the child returns from it and exits; every
 *                              child must exit 0 and the parent live on
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile pid_t forked = -1;
static volatile int jump_out;
static sigjmp_buf escape;

static void forking_handler(int sig)
{
	(void)sig;
	forked = fork();
	if (forked == 0 && jump_out)
		siglongjmp(escape, 1);
}

static int child_status(pid_t pid)
{
	int status;

	if (pid <= 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int returns_from_handler(void)
{
	fflush(stdout);
	raise(SIGUSR1);
	if (forked == 0) {
		printf("child: back from the handler\n");
		return 1; /* main returns 5 in the child */
	}
	printf("parent: child forked in the handler ended with %d\n", child_status(forked));
	return 0;
}

static void jumps_out_of_handler(void)
{
	fflush(stdout);
	jump_out = 1;
	if (sigsetjmp(escape, 1)) {
		printf("child: out of the handler by siglongjmp\n");
		exit(6);
	}
	raise(SIGUSR1);
	printf("parent: child that jumped out of the handler ended with %d\n",
	       child_status(forked));
}

static atomic_int stop;

static void quiet_handler(int sig)
{
	(void)sig;
}

static void *raise_at_self(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop))
		raise(SIGUSR2);
	return NULL;
}

static int storm(int runs)
{
	int bad = 0;
	pthread_t t;

	signal(SIGUSR2, quiet_handler);
	if (pthread_create(&t, NULL, raise_at_self, NULL))
		return 2;
	for (int i = 0; i < runs; i++) {
		raise(SIGUSR1);
		if (forked == 0)
			_exit(0); /* the child, back from the handler */
		if (child_status(forked) != 0)
			bad++;
	}
	atomic_store(&stop, 1);
	pthread_join(t, NULL);
	printf("%d forks in a handler while another thread took signals: %d children did not exit 0\n",
	       runs, bad);
	return bad != 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forking_handler;
	sigaction(SIGUSR1, &sa, NULL);
	if (argc > 2 && !strcmp(argv[1], "storm"))
		return storm(atoi(argv[2]));
	if (returns_from_handler())
		return 5;
	jumps_out_of_handler();
	return 0;
}
