// SPDX-License-Identifier: MIT
/*
 * hvm-exec [--native] [--children] [-a NAME] [--] PROGRAM [ARGS...]
 *
 * Run an unmodified Linux program on the HRT: static or dynamic, glibc or
 * musl, PIE or not, without relinking (mv-cc relinks a program from its
 * source). The process becomes the program, as after execve: same pid, its
 * exit status and signals, /proc/PID/exe, cmdline and name; its threads
 * run on the HRT, every system call hvm-kernel does not serve is forwarded
 * to Linux (README, hvm-exec). --native loads and runs it through the same
 * loader on Linux, to compare; so does HVM_HYBRID=0. --children: a program
 * it execs itself runs through hvm-exec too (HVM_EXEC_CHILDREN, inherited;
 * lib/exec_children.c). -a NAME passes NAME as argv[0] (like bash's exec
 * -a). A user who may not use /dev/hvm (not root) gets the program run
 * natively by execve, said once on stderr (HVM_HYBRID=1 makes that an
 * error). Exit status 127 when PROGRAM is not found, 126 when it cannot be
 * executed, as a shell's.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hrt.h"
#include "mv_runtime.h"

extern char **environ;

/*
 * The environment with HVM_EXEC_CHILDREN=<this hvm-exec> (--children), in
 * place of one it held. No malloc: hvm-exec's own break moves first
 * (hrt_exec), so the array is a mapping and the string static.
 */
static char **children_environment(void)
{
	static char entry[sizeof(MV_EXEC_CHILDREN_VAR) + PATH_MAX];
	size_t n = 0, len = strlen(MV_EXEC_CHILDREN_VAR), out = 0;
	ssize_t got;
	char **env;

	memcpy(entry, MV_EXEC_CHILDREN_VAR, len);
	got = readlink("/proc/self/exe", entry + len, PATH_MAX - 1);
	if (got <= 0)
		return environ;
	entry[len + (size_t)got] = '\0';
	while (environ[n])
		n++;
	env = mmap(NULL, (n + 2) * sizeof(*env), PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (env == MAP_FAILED)
		return environ;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], MV_EXEC_CHILDREN_VAR, len))
			env[out++] = environ[i];
	env[out++] = entry;
	env[out] = NULL;
	return env;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: hvm-exec [--native] [--children] [-a NAME] [--] PROGRAM [ARGS...]\n"
		"Run an unmodified Linux x86-64 program (static or dynamic) on the HRT.\n"
		"  --native   load and run it natively through the same loader (as HVM_HYBRID=0)\n"
		"  --children a program it execs itself runs through hvm-exec too (HVM_EXEC_CHILDREN)\n"
		"  -a NAME    pass NAME as argv[0] instead of PROGRAM\n"
		"Environment: HVM_CPU, HVM_NATIVE, HVM_PROFILE, HVM_HEAP as for mv-cc programs (README).\n"
		"Exit status: the program's; 127 if PROGRAM is not found, 126 if it cannot run.\n");
}

int main(int argc, char **argv)
{
	const char *mode = getenv("HVM_HYBRID"), *argv0 = NULL, *file;
	unsigned int flags = 0;
	bool children = false;
	int i, status;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--native")) {
			flags |= HRT_EXEC_NATIVE;
		} else if (!strcmp(argv[i], "--children")) {
			children = true;
		} else if (!strcmp(argv[i], "-a") && i + 1 < argc) {
			argv0 = argv[++i];
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "hvm-exec: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	file = argv[i];
	if (argv0)
		argv[i] = (char *)argv0;
	if (mode && !strcmp(mode, "0"))
		flags |= HRT_EXEC_NATIVE;
	if (!(flags & HRT_EXEC_NATIVE) && !mv_hrt_permitted(mode)) {
		execvp(file, argv + i);
		perror(file);
		return 127;
	}
	status = hrt_exec(file, argv + i, children ? children_environment() : environ, flags);
	fprintf(stderr, "hvm-exec: %s\n", hrt_exec_error());
	return status;
}
