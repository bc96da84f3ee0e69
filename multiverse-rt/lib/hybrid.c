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
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "hrt.h"
#include "mv_runtime.h"

#define MV_MAIN_STACK (8ul << 20)

int __real_main(int argc, char **argv, char **envp);
int __wrap_main(int argc, char **argv, char **envp);

/*
 * The mark of a hybrid program: an ELF note named "MVRT" holding the ABI
 * revision it was linked against, in every program mv-cc links (this file
 * holds __wrap_main). Host tools tell hybrid programs from others by it
 * (hvm run runs those natively linked through hvm-exec); it survives strip.
 */
#define MV_NOTE_TYPE_HYBRID 1
__attribute__((section(".note.multiverse"), aligned(4), used)) static const struct {
	__u32 namesz, descsz, type;
	char name[8];
	__u32 revision;
} mv_hybrid_note = {5, sizeof(__u32), MV_NOTE_TYPE_HYBRID, "MVRT", HVM_ABI_REVISION};

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
/*
 * hvm gdb (scripts/hvm): with HVM_GDB_WAIT=1, main waits on the HRT, its
 * CPU idle (nanosleep is served there), until the debugger attached to the
 * HRT vCPU sets mv_gdb_release; it says on which HRT CPU (-1: unknown, when
 * getcpu is not served on the HRT) and where main is, so the debugger can
 * pick the vCPU and place the program's symbols (a static PIE loads anywhere).
 */
#define MV_GDB_POLL_NS (10 * 1000 * 1000)
volatile int mv_gdb_release;

static void mv_gdb_wait(void)
{
	const char *wait = getenv("HVM_GDB_WAIT");
	const struct timespec poll = {0, MV_GDB_POLL_NS};

	if (!wait || strcmp(wait, "1"))
		return;
	fprintf(stderr, "multiverse-rt: pid %d waits for the debugger on HRT CPU %d: main at %p\n",
		(int)getpid(), mv_cpus_hrt_cpu(sched_getcpu()), (void *)__real_main);
	while (!mv_gdb_release)
		nanosleep(&poll, NULL);
}

static long mv_main_on_hrt(long arg)
{
	struct mv_main_args *m = (struct mv_main_args *)arg;

	mv_gdb_wait();
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
