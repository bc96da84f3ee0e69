// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Running a call's program code in ring 0 (include/arch.h) and abandoning
 * it from the trap code. HRT threads run program code in ring 0 (the HRT
 * model): no privilege change, so the program keeps the CPU's GS base (the
 * per-CPU pointer) and gets its TLS in FS base; every interrupt runs on an
 * IST stack, never on the program's. Each call runs on its own thread
 * (thread.c), whose call_context this CPU's arch.call points at.
 */
#include <hvm/call.h>

#include "arch.h"
#include "slot.h"
#include "kernel.h"
#include "memlayout.h"
#include "percpu.h"
#include "arch/cpu.h"
#include "arch/segment.h"
#include "arch/thread.h"
#include "arch/trap.h"

long enter_program(struct call_context *ctx, __u64 func, __u64 arg, __u64 stack_top);
void enter_program_regs(struct call_context *ctx, const struct hvm_regs *regs);
__noreturn void leave_program(__u64 kernel_rsp); /* enter.S */
extern char unwind_landing[];

_Static_assert(__builtin_offsetof(struct hvm_regs, rip) == 0x78, "enter.S: REGS_RIP");
_Static_assert(__builtin_offsetof(struct hvm_regs, rsp) == 0x80, "enter.S: REGS_RSP");
_Static_assert(__builtin_offsetof(struct hvm_regs, rflags) == 0x88, "enter.S: REGS_RFLAGS");

static struct call_context *enter_begin(void)
{
	struct call_context *c = this_cpu()->arch.call;

	arch_fpu_reset();
	c->outcome = CALL_DONE;
	c->in_kernel = 0;
	return c;
}

int arch_enter_func(__u64 func, __u64 arg, __u64 stack_top, __u64 fs_base, __u64 *result)
{
	struct call_context *c = enter_begin();

	if (fs_base)
		wrmsr(MSR_FS_BASE, fs_base);
	*result = (__u64)enter_program(c, func, arg, stack_top);
	return (int)__atomic_load_n(&c->outcome, __ATOMIC_RELAXED);
}

const char *arch_regs_problem(const struct hvm_regs *regs)
{
	if (regs->rip >= HVM_LOWER_HALF_END || regs->rsp >= HVM_LOWER_HALF_END ||
	    regs->fs_base >= HVM_LOWER_HALF_END)
		return "bad register block: rip, rsp or FS base outside the lower half";
	return NULL;
}

/* Only the flags a program may set, and interrupts on (shootdowns and aborts reach it). */
int arch_enter_regs(const struct hvm_regs *regs)
{
	struct call_context *c = enter_begin();
	struct hvm_regs r = *regs;

	r.rflags = (r.rflags & X86_EFLAGS_PROGRAM) | X86_EFLAGS_FIXED | X86_EFLAGS_IF;
	wrmsr(MSR_FS_BASE, r.fs_base);
	enter_program_regs(c, &r);
	return (int)__atomic_load_n(&c->outcome, __ATOMIC_RELAXED);
}

bool arch_call_active(void)
{
	struct call_context *c = this_cpu()->arch.call;

	return c && c->active;
}

__noreturn void arch_call_abandon(int outcome)
{
	struct call_context *c = this_cpu()->arch.call;

	c->active = 0;
	c->in_kernel = 0;
	c->outcome = outcome;
	leave_program(c->kernel_rsp);
}

/*
 * Leave the call from an exception or interrupt frame @f: the iretq that
 * ends the handler resumes unwind_landing on the thread's stack at
 * kernel_rsp, in the kernel's segments, with interrupts off. Nothing of
 * the program's state is kept; its general registers are simply dropped,
 * and so is whatever hvm-kernel did for it below kernel_rsp.
 */
void arch_unwind_call(struct trap_frame *f, int outcome)
{
	struct call_context *c = this_cpu()->arch.call;

	c->active = 0;
	c->in_kernel = 0;
	c->outcome = outcome;
	f->rip = (__u64)unwind_landing;
	f->cs = KERNEL_CS;
	f->rflags = X86_EFLAGS_FIXED;
	f->rsp = c->kernel_rsp;
	f->ss = KERNEL_DS;
}
