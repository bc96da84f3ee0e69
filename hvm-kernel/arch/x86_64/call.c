// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Running a call's function in ring 0 (include/arch.h) and abandoning it
 * from the trap code. HRT threads run program code in ring 0 (the HRT
 * model): no privilege change, so the program keeps the CPU's GS base (the
 * per-CPU pointer) and gets its TLS in FS base; every interrupt runs on an
 * IST stack, never on the program's.
 */
#include "arch.h"
#include "call.h"
#include "kernel.h"
#include "percpu.h"
#include "arch/cpu.h"
#include "arch/segment.h"
#include "arch/trap.h"

long call_enter(struct call_context *ctx, __u64 func, __u64 arg, __u64 stack_top);
extern char call_recover[];	/* call_entry.S */

int arch_call_run(__u64 func, __u64 arg, __u64 stack_top, __u64 fs_base, __u64 *result)
{
	struct call_context *c = &this_cpu()->arch.call;

	if (fs_base)
		wrmsr(MSR_FS_BASE, fs_base);
	c->outcome = CALL_DONE;
	c->in_kernel = 0;
	*result = (__u64)call_enter(c, func, arg, stack_top);
	return (int)__atomic_load_n(&c->outcome, __ATOMIC_RELAXED);
}

bool arch_call_active(void)
{
	return this_cpu()->arch.call.active;
}

/*
 * Leave the call from an exception or interrupt frame @f: the iretq that
 * ends the handler resumes call_recover on the kernel stack call_enter()
 * saved, in the kernel's segments, with interrupts off. Nothing of the
 * program's state is kept; its general registers are simply dropped, and
 * so is whatever hvm-kernel did for it (a system call or a forwarded fault
 * waiting for Linux: their stacks are taken afresh next time).
 */
void call_unwind(struct trap_frame *f, int outcome)
{
	struct call_context *c = &this_cpu()->arch.call;

	c->active = 0;
	c->in_kernel = 0;
	c->outcome = outcome;
	f->rip = (__u64)call_recover;
	f->cs = KERNEL_CS;
	f->rflags = X86_EFLAGS_FIXED;
	f->rsp = c->kernel_rsp;
	f->ss = KERNEL_DS;
}
