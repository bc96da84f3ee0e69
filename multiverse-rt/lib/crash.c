// SPDX-License-Identifier: MIT
/*
 * Ending the process when the runtime cannot go on: a message on stderr
 * (mv_die, mv_stopped when hvm-kernel went away; mv_warn says one and goes
 * on), or a program thread's crash on the HRT reported like a native one
 * (mv_crash). Apart from hybrid.c so that hrt_call() users, whose
 * forwarded calls may start threads (partner.c), link without __wrap_main.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <hvm/signal.h>

#include "mv_runtime.h"

/* One write, so the line is never split by other output on a shared terminal or pipe. */
static void mv_say(const char *fmt, va_list ap)
{
	char line[512];
	int n = snprintf(line, sizeof(line), "multiverse-rt: ");

	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	write(STDERR_FILENO, line, (size_t)n);
}

void mv_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mv_say(fmt, ap);
	va_end(ap);
}

_Noreturn void mv_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mv_say(fmt, ap);
	va_end(ap);
	_exit(127);
}

/*
 * A call of the program (main or a thread) ended on the HRT without a
 * result, err < 0: -EIO or -ENODEV when hvm-kernel stopped under it, which
 * a crash on any HRT core does to every program running there.
 */
_Noreturn void mv_stopped(const char *what, int err)
{
	if (err == -EIO || err == -ENODEV)
		mv_die("%s stopped on the HRT: hvm-kernel stopped under it (an HRT core crashed, or 'hvmctl halt' or 'hvmctl reboot'): 'hvmctl status' and 'hvmctl crash' say which, 'hvmctl reboot' restarts it",
		       what);
	mv_die("%s stopped on the HRT: %s (see 'hvmctl status')", what, strerror(-err));
}

/* End the process by signal @sig, as Linux's force_sig(): its default action, unblocked. */
static _Noreturn void mv_die_of(int sig)
{
	sigset_t only;

	signal(sig, SIG_DFL);
	sigemptyset(&only);
	sigaddset(&only, sig);
	sigprocmask(SIG_UNBLOCK, &only, NULL);
	raise(sig);
	_exit(128 + sig); /* not reached: every signal hvm_exception_signal() names kills */
}

/*
 * A program thread faulted on the HRT with no handler to take it: report it
 * like a crash and die of the signal Linux would have sent for the fault
 * (SIGSEGV for one hvm-kernel refused without an exception), forced as
 * Linux forces it: default action, not blocked.
 */
_Noreturn void mv_crash(const struct hvm_crash_record *f)
{
	static const char *const names[HVM_CRASH_NR_REGS] = {
		"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
		"r9",  "r10", "r11", "r12", "r13", "r14", "r15",
	};

	fprintf(stderr,
		"multiverse-rt: %s on HRT CPU %u at rip %#llx (address %#llx, error %#llx)\n",
		f->reason, f->cpu, f->rip, f->cr2, f->error_code);
	fprintf(stderr, "multiverse-rt:  rsp %016llx rflags %016llx fs %016llx\n", f->rsp,
		f->rflags, f->fs_base);
	for (int i = 0; i < HVM_CRASH_NR_REGS; i += 5)
		fprintf(stderr,
			"multiverse-rt:  %-3s %016llx %-3s %016llx %-3s %016llx %-3s %016llx %-3s %016llx\n",
			names[i], f->regs[i], names[i + 1], f->regs[i + 1], names[i + 2],
			f->regs[i + 2], names[i + 3], f->regs[i + 3], names[i + 4], f->regs[i + 4]);
	mv_profile_report();
	mv_die_of(hvm_exception_signal(f->vector) ?: SIGSEGV);
}
