// SPDX-License-Identifier: MIT
/*
 * Hybridization of main: a program linked by mv-cc (-Wl,--wrap=main) comes
 * here instead of main, still on Linux, after libc initialized itself. The
 * runtime merges the process's address space into the HRT and runs the real
 * main there, on a stack of its own, as one ROS -> HRT call; this Linux
 * thread becomes its partner: it makes every system call main forwards and
 * hands back the result, until main returns. HVM_HYBRID=0 runs the program
 * natively; HVM_CPU picks the HRT CPU (default 0); HVM_NATIVE which system
 * calls hvm-kernel serves itself (native.c); HVM_PROFILE=1 and
 * HVM_PROFILE_SVG=FILE report its system calls at exit (profile_report.c).
 * When no hvm-kernel runs, the program boots one (autoboot.c).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
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

/* One write, so the line is never split by other output on a shared terminal or pipe. */
_Noreturn void mv_die(const char *fmt, ...)
{
	char line[512];
	int n = snprintf(line, sizeof(line), "multiverse-rt: ");
	va_list ap;

	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	write(STDERR_FILENO, line, (size_t)n);
	_exit(127);
}

/* Runs on the HRT. */
static long mv_main_on_hrt(long arg)
{
	struct mv_main_args *m = (struct mv_main_args *)arg;

	return __real_main(m->argc, m->argv, m->envp);
}

/* A program thread faulted on the HRT: report it like a crash and die of SIGSEGV. */
_Noreturn void mv_crash(const struct hvm_crash_record *f)
{
	static const char *const names[HVM_CRASH_NR_REGS] = {
		"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
		"r9", "r10", "r11", "r12", "r13", "r14", "r15",
	};

	fprintf(stderr, "multiverse-rt: %s on HRT CPU %u at rip %#llx (address %#llx, error %#llx)\n",
		f->reason, f->cpu, f->rip, f->cr2, f->error_code);
	fprintf(stderr, "multiverse-rt:  rsp %016llx rflags %016llx fs %016llx\n", f->rsp, f->rflags,
		f->fs_base);
	for (int i = 0; i < HVM_CRASH_NR_REGS; i += 5)
		fprintf(stderr, "multiverse-rt:  %-3s %016llx %-3s %016llx %-3s %016llx %-3s %016llx %-3s %016llx\n",
			names[i], f->regs[i], names[i + 1], f->regs[i + 1], names[i + 2], f->regs[i + 2],
			names[i + 3], f->regs[i + 3], names[i + 4], f->regs[i + 4]);
	mv_profile_report();
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
	_exit(139);
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

int __wrap_main(int argc, char **argv, char **envp)
{
	struct mv_main_args args = { argc, argv, envp };
	const char *mode = getenv("HVM_HYBRID");
	struct hvm_call_request req;
	int err;

	if (mode && !strcmp(mode, "0"))
		return __real_main(argc, argv, envp);
	mv_prepare(&req, &args);
	err = mv_partner_serve(&req);
	if (err)
		mv_die("running main on the HRT failed: %s", strerror(-err));
	if (req.status[0] == -EFAULT)
		mv_crash(&req.fault);
	if (req.status[0])
		mv_die("main stopped on the HRT: %s (see 'hvmctl status')", strerror(-req.status[0]));
	mv_profile_report();
	return (int)req.result[0];
}
