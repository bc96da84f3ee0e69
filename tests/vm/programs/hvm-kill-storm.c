// SPDX-License-Identifier: MIT
/*
 * hvm-kill-storm RUNS PROGRAM MODE...: kill -9 a victim again and again.
 * Run r starts "PROGRAM MODE" (the modes taken in turn; HVM_NATIVE=all for
 * futex and mixed, so their futex waits sleep on the HRT), waits until it
 * prints its "ready" line (it must: the previous kill left the HRT fit to
 * run it), waits a random 0-50 ms, sends SIGKILL and checks that the
 * victim died of it (exit status 137 to a shell) within 2 s. Prints one
 * line per mode with the slowest death, then "ok"; or "FAIL: why" and
 * exits 1 at the first run that breaks a rule.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_MODES 8
#define READY_TIMEOUT_MS 20000
#define GONE_TIMEOUT_MS 2000
#define KILL_DELAY_MAX_MS 50

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000};

	while (nanosleep(&t, &t) && errno == EINTR)
		;
}

/* Start "program mode" with its standard output on a pipe; returns its pid. */
static pid_t start_victim(const char *program, const char *mode, int *out)
{
	int p[2];
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		if (!strcmp(mode, "futex") || !strcmp(mode, "mixed"))
			setenv("HVM_NATIVE", "all", 1);
		execlp(program, program, mode, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	*out = p[0];
	return pid;
}

/* True once the victim printed its ready line within the bound. */
static int victim_ready(int out)
{
	struct pollfd pfd = {out, POLLIN, 0};
	char line[64];
	ssize_t n;

	if (poll(&pfd, 1, READY_TIMEOUT_MS) != 1)
		return 0;
	n = read(out, line, sizeof(line) - 1);
	return n > 0 && !strncmp(line, "ready", 5);
}

/* Kill the victim; how many ms it took to be gone, or -1 (still there after the bound). */
static long kill_and_reap(pid_t pid, int *status)
{
	long start;

	kill(pid, SIGKILL);
	start = now_ms();
	while (waitpid(pid, status, WNOHANG) != pid) {
		if (now_ms() - start > GONE_TIMEOUT_MS)
			return -1;
		sleep_ms(1);
	}
	return now_ms() - start;
}

int main(int argc, char **argv)
{
	long slowest[MAX_MODES] = {0}, runs_of[MAX_MODES] = {0};
	int runs = argc > 3 ? atoi(argv[1]) : 0, nr_modes = argc - 3;
	unsigned int seed = (unsigned int)getpid();

	if (runs <= 0 || nr_modes > MAX_MODES) {
		fprintf(stderr, "usage: hvm-kill-storm RUNS PROGRAM MODE... (at most %d modes)\n",
			MAX_MODES);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	srand(seed);
	printf("seed %u\n", seed);
	for (int r = 0; r < runs; r++) {
		int m = r % nr_modes, out = -1, status = 0;
		const char *mode = argv[3 + m];
		pid_t pid = start_victim(argv[2], mode, &out);
		long delay = rand() % (KILL_DELAY_MAX_MS + 1), gone;

		if (pid < 0) {
			printf("FAIL: run %d: cannot start %s: %s\n", r, argv[2], strerror(errno));
			return 1;
		}
		if (!victim_ready(out)) {
			printf("FAIL: run %d (%s): the victim did not print its ready line within %d ms\n",
			       r, mode, READY_TIMEOUT_MS);
			kill_and_reap(pid, &status);
			return 1;
		}
		sleep_ms(delay);
		gone = kill_and_reap(pid, &status);
		close(out);
		if (gone < 0) {
			printf("FAIL: run %d (%s, killed after %ld ms): still there %d ms after kill -9\n",
			       r, mode, delay, GONE_TIMEOUT_MS);
			return 1;
		}
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
			printf("FAIL: run %d (%s, killed after %ld ms): wait status %#x, not death by SIGKILL (137)\n",
			       r, mode, delay, status);
			return 1;
		}
		runs_of[m]++;
		if (gone > slowest[m])
			slowest[m] = gone;
	}
	for (int m = 0; m < nr_modes; m++)
		printf("%s: %ld runs, each exit status 137, gone within %d ms (slowest %ld ms)\n",
		       argv[3 + m], runs_of[m], GONE_TIMEOUT_MS, slowest[m]);
	printf("ok\n");
	return 0;
}
