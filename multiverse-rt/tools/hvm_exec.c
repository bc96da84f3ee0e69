// SPDX-License-Identifier: MIT
/*
 * hvm-exec [--native] [-a NAME] [--] PROGRAM [ARGS...]
 *
 * Run an unmodified Linux program on the HRT: static or dynamic, glibc or
 * musl, PIE or not, without relinking (mv-cc relinks a program from its
 * source). The process becomes the program, as after execve: same pid, its
 * exit status and signals, /proc/PID/exe, cmdline and name; its threads
 * run on the HRT, every system call hvm-kernel does not serve is forwarded
 * to Linux (README, hvm-exec). --native loads and runs it through the same
 * loader on Linux, to compare; so does HVM_HYBRID=0. -a NAME passes NAME as
 * argv[0] (like bash's exec -a). A user who may not use /dev/hvm (not
 * root) gets the program run natively by execve, said once on stderr
 * (HVM_HYBRID=1 makes that an error). Exit status 127 when PROGRAM is not
 * found, 126 when it cannot be executed, as a shell's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hrt.h"
#include "mv_runtime.h"

extern char **environ;

static void usage(FILE *out)
{
	fprintf(out,
		"usage: hvm-exec [--native] [-a NAME] [--] PROGRAM [ARGS...]\n"
		"Run an unmodified Linux x86-64 program (static or dynamic) on the HRT.\n"
		"  --native   load and run it natively through the same loader (as HVM_HYBRID=0)\n"
		"  -a NAME    pass NAME as argv[0] instead of PROGRAM\n"
		"Environment: HVM_CPU, HVM_NATIVE, HVM_PROFILE, HVM_HEAP as for mv-cc programs (README).\n"
		"Exit status: the program's; 127 if PROGRAM is not found, 126 if it cannot run.\n");
}

int main(int argc, char **argv)
{
	const char *mode = getenv("HVM_HYBRID"), *argv0 = NULL, *file;
	unsigned int flags = 0;
	int i, status;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--native")) {
			flags |= HRT_EXEC_NATIVE;
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
	status = hrt_exec(file, argv + i, environ, flags);
	fprintf(stderr, "hvm-exec: %s\n", hrt_exec_error());
	return status;
}
