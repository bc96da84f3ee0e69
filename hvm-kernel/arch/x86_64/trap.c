// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Where every interrupt and exception lands (from vectors.S).
 * Exceptions: NMI is counted. A page fault of a call's code on the lower
 * half goes to Linux first, which may resolve it (kernel/forward.c); any
 * other exception raised by a call's code, and a fault Linux refused, is
 * that call's fault: it is recorded in the call's slot and the call is
 * unwound, the CPU goes on. Every other exception (the kernel's own code,
 * an interrupt handler, a machine check) is unexpected and stops the CPU
 * with a crash record; only hvm-kernel's one store to the program's
 * memory (put_user_u64) may fault, and then fails softly.
 * Interrupts: the kick vector means "look at your mailbox" (the idle loop
 * looks for posted calls after any interrupt), the sync vector carries
 * shootdown and abort requests, the spurious vector needs no EOI (unless
 * something really sent it), and anything else (Linux may broadcast IPIs
 * to all CPUs, ours included) is counted and acknowledged, never fatal.
 */
#include <hvm/boot.h>
#include <hvm/call.h>

#include "call.h"
#include "forward.h"
#include "kernel.h"
#include "mailbox.h"
#include "memlayout.h"
#include "percpu.h"
#include "space.h"
#include "arch/apic.h"
#include "arch/cpu.h"
#include "arch/trap.h"

/*
 * Have Linux resolve a page fault on the lower half and wait for it, on
 * this exception's IST stack with interrupts enabled while halted; true
 * when resolved, and iretq then retries the access. in_kernel is set
 * meanwhile, so an exception there would stop the CPU instead of entering
 * this IST stack again; interrupts have a stack of their own, and an abort
 * request among them unwinds the call from its own frame (call_unwind()).
 */
static bool trap_forward_fault(struct trap_frame *f)
{
	struct call_context *c = &this_cpu()->arch.call;
	__u32 in_kernel = c->in_kernel;
	__u64 addr = read_cr2();
	bool resolved;

	if (f->vector != X86_TRAP_PF || addr >= USER_HALF_END)
		return false;
	c->in_kernel = 1;
	resolved = forward_fault(addr, f->error_code);
	c->in_kernel = in_kernel;
	return resolved;
}

/*
 * Clearing active first makes an exception while recording this one a
 * crash of the CPU rather than a second unwind.
 */
static void trap_exception(struct trap_frame *f)
{
	struct percpu *p = this_cpu();
	struct call_context *c = &p->arch.call;

	if (!c->active || p->irq_depth || !p->call_slot || f->vector == X86_TRAP_MC)
		crash_report(f);
	if (f->rip == (__u64)uaccess_insn) {
		if (!trap_forward_fault(f))
			f->rip = (__u64)uaccess_fixup;
		return;
	}
	if (c->in_kernel)
		crash_report(f);
	if (trap_forward_fault(f))
		return;
	c->active = 0;
	crash_record_call(f, p->call_slot - 1);
	call_unwind(f, CALL_FAULTED);
}

/* Shootdown first (Linux spins on it), then an abort of the running call. */
static void trap_sync(struct trap_frame *f)
{
	apic_eoi();
	space_shootdown();
	if (call_abort_requested())
		call_unwind(f, CALL_ABORTED);
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
		if (f->vector == HVM_VECTOR_KICK)
			mailbox_handle();
		apic_eoi();
	}
	p->irq_depth--;
}
