// SPDX-License-Identifier: MIT
/*
 * hvmctl profile [-w SECONDS] [PID]: the live system-call profile of a
 * hybrid process (hvm/profile.h), or of every process merged with
 * hvm-kernel now: per call, how many hvm-kernel served and how many Linux
 * made, with their mean and total time. -w shows it again every SECONDS
 * until interrupted (or until PID ends).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hvmctl.h"
#include "mv_profile.h"

static struct mv_profile profile;

static void show(const struct mv_profile *p)
{
	printf("pid %u (space %u, merged %.1f s ago): ", p->tgid, p->space,
	       (double)p->merged_ns / 1e9);
	mv_profile_print_summary(stdout, p);
	mv_profile_print_table(stdout, p);
	mv_profile_print_stages(stdout, p);
}

/*
 * Process @pid's profile: 0 when shown, 1 with the reason printed when there
 * is none, -1 when a process shown before (@seen) has ended.
 */
static int show_pid(int fd, unsigned int pid, int seen)
{
	int err = mv_profile_read(fd, pid, 0, 0, &profile);

	if (seen && (err == -ESRCH || err == -ENOENT)) {
		printf("process %u ended\n", pid);
		return -1;
	}
	if (err == -ESRCH) {
		fprintf(stderr, "hvmctl: profile: no process %u\n", pid);
		return 1;
	}
	if (err == -ENOENT) {
		fprintf(stderr,
			"hvmctl: profile: process %u is not a hybrid program: it has no address space merged with hvm-kernel (a program built with mv-cc merges at start, unless run with HVM_HYBRID=0)\n",
			pid);
		return 1;
	}
	if (err)
		return hvmctl_fail("profile", err);
	show(&profile);
	return 0;
}

/* Every merged process's profile, in space order. */
static int show_all(int fd)
{
	unsigned int shown = 0;

	for (unsigned int id = 0; id < HVM_MAX_SPACES; id++) {
		int err = mv_profile_read(fd, 0, HVM_PROFILE_BY_SPACE, id, &profile);

		if (err == -ENOENT)
			continue;
		if (err)
			return hvmctl_fail("profile", err);
		printf("%s", shown++ ? "\n" : "");
		show(&profile);
	}
	if (!shown)
		printf("no hybrid process is merged with hvm-kernel now\n");
	return 0;
}

static int parse_args(int argc, char **argv, double *every, unsigned int *pid)
{
	char *end;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-w") && i + 1 < argc) {
			*every = strtod(argv[++i], &end);
			if (*end || !(*every > 0)) {
				fprintf(stderr,
					"hvmctl: profile -w: '%s' is not a number of seconds above 0\n",
					argv[i]);
				return -1;
			}
			continue;
		}
		*pid = (unsigned int)strtoul(argv[i], &end, 10);
		if (*end || !*argv[i] || !*pid) {
			fprintf(stderr,
				"hvmctl: profile: '%s' is not a process id; usage: hvmctl profile [-w SECONDS] [PID]\n",
				argv[i]);
			return -1;
		}
	}
	return 0;
}

int cmd_profile(int argc, char **argv)
{
	double every = 0;
	unsigned int pid = 0;
	struct timespec pause;
	int fd, status;

	if (parse_args(argc, argv, &every, &pid))
		return 2;
	pause.tv_sec = (time_t)every;
	pause.tv_nsec = (long)((every - (double)pause.tv_sec) * 1e9);
	fd = hvmctl_open();
	if (fd < 0)
		return 1;
	for (int round = 0;; round++) {
		if (every > 0 && isatty(STDOUT_FILENO))
			printf("\033[H\033[2J"); /* a fresh screen for each view */
		status = pid ? show_pid(fd, pid, round > 0) : show_all(fd);
		fflush(stdout);
		if (status || every <= 0)
			break;
		nanosleep(&pause, NULL);
		printf("\n");
	}
	close(fd);
	return status < 0 ? 0 : status;
}
