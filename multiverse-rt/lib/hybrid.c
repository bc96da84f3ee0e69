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

static void mv_prepare(struct hvm_call_request *req, struct mv_main_args *args)
{
	const char *cpu = getenv("HVM_CPU");
	__u64 native[HVM_NATIVE_WORDS];
	char why[160];
	char *stack;
	int err;

	if (mv_native_policy(native, why, sizeof(why)))
		mv_die("%s", why);
	mv_autoboot();
	err = hrt_merge_native(native);

	if (err)
		mv_die("cannot run on the HRT: %s (%s); set HVM_HYBRID=0 to run natively",
		       mv_dev_error()[0] ? mv_dev_error() : "hrt_merge failed", strerror(-err));
	mv_signal_adopt();
	stack = mmap(NULL, MV_MAIN_STACK, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (stack == MAP_FAILED)
		mv_die("no memory for main's HRT stack");
	memset(req, 0, sizeof(*req));
	req->func = (unsigned long)mv_main_on_hrt;
	req->arg = (unsigned long)args;
	req->stack_top = (unsigned long)(stack + MV_MAIN_STACK);
	req->fs_base = (unsigned long)pthread_self();
	req->cpu = cpu ? (unsigned int)atoi(cpu) : 0;
	mv_threads_start_after(req->cpu);
}

/*
 * Only root may use the HRT (/dev/hvm is root-only: README, Trust model).
 * A hybrid program that another user starts (a service's child after
 * setuid, `su nobody -c prog`) runs natively, as its native build would,
 * and says so once on stderr; HVM_HYBRID=1 makes that an error instead
 * (mv_prepare reports it), HVM_HYBRID=0 runs natively without a word.
 */
static bool mv_hrt_permitted(const char *mode)
{
	int fd = mv_dev_open();

	if (fd >= 0) {
		close(fd);
		return true;
	}
	if ((fd != -EACCES && fd != -EPERM) || (mode && !strcmp(mode, "1")))
		return true; /* not ours to judge: mv_prepare fails with the reason */
	mv_warn("%s is root-only and this process runs as uid %u: running natively (HVM_HYBRID=1 makes this an error)",
		HVM_DEVICE_PATH, (unsigned int)geteuid());
	return false;
}

int __wrap_main(int argc, char **argv, char **envp)
{
	struct mv_main_args args = {argc, argv, envp};
	const char *mode = getenv("HVM_HYBRID");
	struct hvm_call_request req;
	int err;

	if ((mode && !strcmp(mode, "0")) || !mv_hrt_permitted(mode))
		return __real_main(argc, argv, envp);
	mv_prepare(&req, &args);
	err = mv_partner_post(&req);
	if (err)
		mv_die("cannot run on the HRT: %s; set HVM_HYBRID=0 to run natively",
		       mv_post_failure(err));
	err = mv_partner_serve(&req);
	if (err)
		mv_die("running main on the HRT failed: %s", strerror(-err));
	if (req.status[0] == -EFAULT)
		mv_crash(&req.fault);
	if (req.status[0])
		mv_stopped("main", req.status[0]);
	/* Not reached: main's call ends with the process (mv_main_on_hrt exits) or fails above. */
	return (int)req.result[0];
}
