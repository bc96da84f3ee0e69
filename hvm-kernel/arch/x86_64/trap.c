// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Where every interrupt and exception lands (from vectors.S). Exceptions
 * other than NMI are unexpected and stop the CPU with a crash record.
 * Interrupts: the kick vector means "look at your mailbox", the spurious
 * vector needs no EOI (unless something really sent it), and anything else
 * (Linux may broadcast IPIs to all CPUs, ours included) is counted and
 * acknowledged, never fatal.
 */
#include <hvm/boot.h>

#include "kernel.h"
#include "mailbox.h"
#include "percpu.h"
#include "arch/apic.h"
#include "arch/trap.h"

void trap_dispatch(struct trap_frame *f)
{
	struct percpu *p = this_cpu();

	if (f->vector == X86_TRAP_NMI) {
		p->nr_nmis++;
		return;
	}
	if (f->vector < X86_NR_EXCEPTIONS)
		crash_report(f);
	if (f->vector == HVM_VECTOR_SPURIOUS) {
		p->nr_spurious++;
		apic_eoi_if_in_service(HVM_VECTOR_SPURIOUS);
		return;
	}
	p->nr_interrupts++;
	if (f->vector == HVM_VECTOR_KICK)
		mailbox_handle();
	apic_eoi();
}
