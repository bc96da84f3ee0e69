// SPDX-License-Identifier: MIT
/*
 * Hybridization of main: a program linked by mv-cc (-Wl,--wrap=main) comes
 * here instead of main, still on Linux, after libc initialized itself. The
 * runtime merges the process's address space into the HRT and runs the real
 * main there, on a stack of its own, as one ROS -> HRT call; this Linux
 * thread becomes its partner: it makes every system call main forwards and
 * hands back the result, until the program exits. HVM_HYBRID=0 runs the program
 * natively, as does a process that may not use the HRT (not root:
 * mv_hrt_permitted); HVM_CPU picks the HRT CPU (default 0); HVM_NATIVE which system
 * calls hvm-kernel serves itself (native.c); HVM_PROFILE=1 and
 * HVM_PROFILE_SVG=FILE report its system calls at exit (profile_report.c).
 * When no hvm-kernel runs, the program boots one (autoboot.c).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hrt.h"
#include "mv_runtime.h"

#define MV_MAIN_STACK (8ul << 20)

int __real_main(int argc, char **argv, char **envp);
int __wrap_main(int argc, char **argv, char **envp);

struct mv_main_args {
	int argc;
	char **argv;
	char **envp;
};

/*
 * Runs on the HRT. When main returns, the program exits with its value as
 * libc's start code would, here on the HRT: its atexit handlers and
 * destructors, and the stdio flush, run where its other threads run, so
 * the locks, condition variables and joins they share with those threads
 * work (made on Linux, a wake of a thread waiting on the HRT would be
 * lost); exit_group ends the process. A native child of the program (a
 * fork on the HRT goes on natively from the HRT thread's registers,
 * partner.c) that returns from main comes here too, and exits on Linux.
 */
static long mv_main_on_hrt(long arg)
{
	struct mv_main_args *m = (struct mv_main_args *)arg;

	exit(__real_main(m->argc, m->argv, m->envp));
}

int __wrap_main(int argc, char **argv, char **envp)
{
	struct mv_main_args args = {argc, argv, envp};
	const char *mode = getenv("HVM_HYBRID");
	struct hvm_call_request req;
	char *stack;

	if ((mode && !strcmp(mode, "0")) || !mv_hrt_permitted(mode))
		return __real_main(argc, argv, envp);
	stack = mmap(NULL, MV_MAIN_STACK, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (stack == MAP_FAILED)
		mv_die("no memory for main's HRT stack");
	memset(&req, 0, sizeof(req));
	req.func = (unsigned long)mv_main_on_hrt;
	req.arg = (unsigned long)&args;
	req.stack_top = (unsigned long)(stack + MV_MAIN_STACK);
	req.fs_base = (unsigned long)pthread_self();
	/* Not reached: main's call ends with the process (mv_main_on_hrt exits) or fails. */
	return (int)mv_hybrid_run(&req, "main");
}
