// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Where every interrupt and exception lands (from vectors.S).
 * Exceptions: NMI is counted. A page fault of a call's code on the lower
 * half goes to Linux first, which may resolve it (kernel/forward.c),
 * handled on the call's own stack so the call may park meanwhile; any
 * other exception raised by a call's code, and a fault Linux refused, is
 * that call's fault: it is recorded in the call's slot and the call is
 * unwound, the CPU goes on (an invalid opcode at HVM_HLT_MARKER counts as
 * the #GP of the libc `hlt` it stands for: trap_program_ud). Every other exception (the kernel's own code,
 * an interrupt handler, a machine check) is unexpected and stops the CPU
 * with a crash record; only hvm-kernel's one copy to or from the program's
 * memory (uaccess_copy, uaccess_copy_nofault) may fault, and then fails softly.
 * Interrupts: the kick vector means "look at your mailbox" (the idle loop
 * looks for posted and resumed calls after any interrupt), the sync
 * vector carries shootdown and abort requests, the local APIC timer wakes
 * sleepers and ends time slices (after a kick too, the running program
 * thread may be preempted: kernel/preempt.c), the spurious vector needs
 * no EOI (unless something really sent it), and anything else (Linux may
 * broadcast IPIs to all CPUs, ours included) is counted and acknowledged,
 * never fatal.
 */
#include <hvm/boot.h>
#include <hvm/call.h>
#include <hvm/signal.h>

#include "slot.h"
#include "forward.h"
#include "kernel.h"
#include "mailbox.h"
#include "memlayout.h"
#include "percpu.h"
#include "preempt.h"
#include "sched.h"
#include "signal.h"
#include "space.h"
#include "arch/apic.h"
#include "arch/cpu.h"
#include "arch/thread.h"
#include "arch/trap.h"

/* A page fault on the lower half, which Linux may resolve (kernel/forward.c)? */
static bool trap_forwardable(const struct trap_frame *f)
{
	return f->vector == X86_TRAP_PF && read_cr2() < HVM_LOWER_HALF_END;
}

/*
 * The running call's fault: record it and unwind the call. Clearing
 * active first makes an exception while recording this one a crash of the
 * CPU rather than a second unwind.
 */
static void trap_call_fault(struct trap_frame *f)
{
	struct percpu *p = this_cpu();

	p->arch.call->active = 0;
	crash_record_call(f, p->call_slot - 1);
	arch_unwind_call(f, CALL_FAULTED);
}

/*
 * On the running call's stack (trap_move()): the program's exception
 * goes to its own handler for the signal Linux would send, if it has one
 * (signal.c: that may need Linux, so not on the IST stack); else it is
 * the call's fault.
 */
static void trap_program_exception(struct trap_frame *f)
{
	struct call_context *c = this_cpu()->arch.call;
	__u64 cr2 = read_cr2(); /* kept across parking (thread.c) */
	bool caught;

	c->in_kernel = 1;
	caught = signal_exception(f, cr2);
	c->in_kernel = 0;
	if (caught)
		return;
	write_cr2(
		cr2); /* looking for a handler may have faulted: the record names the program's address */
	trap_call_fault(f);
}

/*
 * On the running call's stack (trap_move()): the program's invalid opcode.
 * At HVM_HLT_MARKER it is the `hlt` by which its libc crashes on purpose
 * (hvm/signal.h), and becomes the #GP Linux raises for it: SIGSEGV. Reading
 * the program's code may need Linux (another thread may have unmapped it
 * since), hence here and not on the IST stack.
 */
static void trap_program_ud(struct trap_frame *f)
{
	struct call_context *c = this_cpu()->arch.call;
	__u8 insn = 0;

	c->in_kernel = 1;
	if (uaccess_copy(&insn, (const void *)f->rip, 1) == 0 && insn == HVM_HLT_MARKER) {
		f->vector = X86_TRAP_GP;
		f->error_code = 0;
	}
	c->in_kernel = 0;
	if (this_cpu()->thread && this_cpu()->thread->sigring)
		trap_program_exception(f);
	else
		trap_call_fault(f);
}

/*
 * On the running call's stack now (trap_move()): have Linux resolve the
 * page fault; the call's thread parks meanwhile, and iretq retries the
 * access once it is resolved (after the program's queued signals). in_kernel
 * is set meanwhile, so an exception there stops the CPU. A fault Linux
 * refused is the program's (its SIGSEGV handler's, if it has one), or
 * fails hvm-kernel's access to the program softly.
 */
void trap_moved(struct trap_frame *f)
{
	struct call_context *c = this_cpu()->arch.call;
	__u32 in_kernel = c->in_kernel;
	bool resolved;

	c->in_kernel = 1;
	resolved = forward_fault(read_cr2(), f->error_code);
	if (resolved && !in_kernel) /* back to the program: its signals first */
		signal_deliver(f, SIGNAL_NO_RESTART);
	c->in_kernel = in_kernel;
	if (resolved)
		return;
	if (uaccess_at(f->rip))
		f->rip = (__u64)uaccess_fixup;
	else
		trap_program_exception(f);
}

/*
 * A fault Linux may resolve waits on the call's own stack, never on the
 * exception's IST stack, which the next call's fault would reuse: below
 * kernel_rsp for the program's own fault (the program's stack is not
 * hvm-kernel's to use), below the faulting RSP for hvm-kernel's store to
 * the program, which runs on the call's stack already.
 */
static void trap_exception(struct trap_frame *f)
{
	struct percpu *p = this_cpu();
	struct call_context *c = p->arch.call;

	if (!c || !c->active || p->irq_depth || !p->call_slot || f->vector == X86_TRAP_MC)
		crash_report(f);
	if (f->rip == (__u64)uaccess_nofault_insn) { /* its caller holds a lock: no Linux */
		f->rip = (__u64)uaccess_nofault_fixup;
		return;
	}
	if (uaccess_at(f->rip)) {
		if (trap_forwardable(f))
			trap_move(f, ALIGN_DOWN(f->rsp, 16), trap_moved);
		f->rip = (__u64)uaccess_fixup;
		return;
	}
	if (c->in_kernel)
		crash_report(f);
	if (trap_forwardable(f))
		trap_move(f, c->kernel_rsp, trap_moved);
	if (f->vector == X86_TRAP_UD && f->rip < HVM_LOWER_HALF_END)
		trap_move(f, c->kernel_rsp, trap_program_ud);
	if (p->thread && p->thread->sigring) /* the program may catch it */
		trap_move(f, c->kernel_rsp, trap_program_exception);
	trap_call_fault(f);
}

/* Did this interrupt stop the call this CPU runs, outside hvm-kernel's own code paths? */
static bool trap_call_interrupted(void)
{
	struct percpu *p = this_cpu();
	struct call_context *c = p->arch.call;

	return c && c->active && !c->in_kernel && !p->irq_depth && p->call_slot;
}

/* ... and in the program's own code, not hvm-kernel's? */
static bool trap_in_program(const struct trap_frame *f)
{
	return trap_call_interrupted() && f->rip < HVM_LOWER_HALF_END;
}

/*
 * A kick may mean a signal for the program this interrupt stopped: its
 * handler is entered from the call's own stack (signal.c), as a page fault
 * Linux resolves is, since taking the signal may itself need Linux. Only
 * the program's own code is interrupted so (hvm-kernel's code lives in
 * the upper half, and runs with interrupts off but where it waits).
 */
static void trap_signal_check(struct trap_frame *f)
{
	struct percpu *p = this_cpu();

	if (!trap_in_program(f) || !signal_maybe_pending(p->thread))
		return;
	trap_move(f, p->arch.call->kernel_rsp, signal_interrupted);
}

/*
 * On the running call's stack (trap_move()): its slice is over, the thread
 * parks as yielded with the interrupted frame below it, and iretq from that
 * frame resumes the program later, every register and flag as it was (the
 * x87/SSE/AVX state and FS base are kept by parking, thread.c). Signals queued
 * meanwhile are taken first, as after a kick.
 */
static void trap_preempted(struct trap_frame *f)
{
	struct call_context *c = this_cpu()->arch.call;

	c->in_kernel = 1;
	preempt_yield();
	signal_deliver(f, SIGNAL_NO_RESTART);
	c->in_kernel = 0;
}

/*
 * A kick may have made work ready on this CPU, the timer may end the
 * running thread's slice (kernel/preempt.c). Either is looked at whenever a
 * call runs; only the program's own code parks (hvm-kernel's code runs with
 * interrupts off but at one instruction of enter_program, as the call ends).
 */
static void trap_preempt_check(struct trap_frame *f, bool kicked)
{
	if (trap_call_interrupted() && preempt_due(kicked) && f->rip < HVM_LOWER_HALF_END)
		trap_move(f, this_cpu()->arch.call->kernel_rsp, trap_preempted);
}

/* Shootdown first (Linux spins on it), then an abort of the running call. */
static void trap_sync(struct trap_frame *f)
{
	apic_eoi();
	space_shootdown();
	if (slot_abort_requested())
		arch_unwind_call(f, CALL_ABORTED);
}

void trap_dispatch(struct trap_frame *f)
{
	struct percpu *p = this_cpu();

	if (f->vector == X86_TRAP_NMI) {
		p->nr_nmis++;
		return;
	}
	if (f->vector < X86_NR_EXCEPTIONS) {
		trap_exception(f);
		return;
	}
	if (f->vector == HVM_VECTOR_SPURIOUS) {
		p->nr_spurious++;
		apic_eoi_if_in_service(HVM_VECTOR_SPURIOUS);
		return;
	}
	p->nr_interrupts++;
	p->irq_depth++;
	if (f->vector == HVM_VECTOR_SYNC) {
		trap_sync(f);
	} else {
		if (f->vector == HVM_VECTOR_KICK) {
			slot_kicked();
			mailbox_handle();
		}
		apic_eoi();
	}
	p->irq_depth--;
	if (f->vector == APIC_VECTOR_TIMER)
		preempt_timer_fired();
	if (f->vector == HVM_VECTOR_KICK || f->vector == APIC_VECTOR_TIMER)
		trap_preempt_check(f, f->vector == HVM_VECTOR_KICK);
	if (f->vector == HVM_VECTOR_KICK)
		trap_signal_check(f);
}
