// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Preemption (include/preempt.h). A program thread that computes keeps its
 * CPU only while nothing else of that CPU is ready: once another thread
 * yielded, a parked call was answered by Linux, a sleeper's time came or a
 * call was posted, the running thread's slice gets an end, PREEMPT_SLICE_MS
 * after it got the CPU, and the local APIC timer interrupts it there
 * (arch/x86_64/trap.c). If the interrupt stopped the program's own code
 * (never hvm-kernel's), the thread parks as yielded, on its own stack with
 * the interrupted frame, and the CPU runs the others (kernel/slot.c,
 * sched_loop()); iretq from that frame resumes it later exactly where it
 * was. A CPU with one thread never arms the timer for a slice (the noise
 * benchmark measures such an undisturbed core): only a kick, a system call
 * of the running thread, or a sleeper's deadline can make work ready, and
 * each looks again (preempt_due()).
 *
 * The timer is one-shot and shared with sleeping calls (kernel/sleep.c,
 * sched_idle()): timer_tsc says what it is armed for, so a later need
 * does not push back an earlier one, and each interrupt makes whoever
 * needs it arm it again.
 */
#include "arch.h"
#include "clock.h"
#include "slot.h"
#include "kernel.h"
#include "percpu.h"
#include "preempt.h"
#include "sched.h"

/*
 * How long a thread runs before others waiting on its CPU get it: long
 * enough that switching (a few microseconds) costs nothing measurable, and
 * Linux's own scale of latency for a busy CPU (CFS's default latency target
 * is 6-24 ms), so a thread that busy-waits for another one on its CPU waits
 * at most about a slice per round.
 */
#define PREEMPT_SLICE_MS 10

static __u64 preempt_slice_cycles(void)
{
	return clock_tsc_khz() * PREEMPT_SLICE_MS;
}

void preempt_timer_arm(__u64 tsc)
{
	struct percpu *p = this_cpu();

	if (p->timer_tsc && p->timer_tsc <= tsc)
		return; /* it fires first, and its interrupt looks again */
	p->timer_tsc = tsc;
	arch_timer_arm(tsc);
}

void preempt_timer_fired(void)
{
	this_cpu()->timer_tsc = 0;
}

/*
 * Is anything but the running thread ready on this CPU? A yielder, a
 * parked call Linux answered or a sleeper whose wake-up came (both
 * sched_next_resumed()), or, after a kick, a call newly posted here.
 */
static bool preempt_others_ready(const struct percpu *p, bool kicked)
{
	if (p->nr_yielded)
		return true;
	if (p->nr_parked && sched_next_resumed())
		return true;
	return kicked && slot_posted();
}

bool preempt_due(bool kicked)
{
	struct percpu *p = this_cpu();

	if (!p->slice_end && !p->nr_parked && !kicked)
		return false; /* alone on the CPU: the common case, and no timer */
	if (!p->slice_end && preempt_others_ready(p, kicked))
		p->slice_end = p->slice_start + preempt_slice_cycles();
	if (p->slice_end) {
		if (arch_timestamp() >= p->slice_end)
			return true;
		preempt_timer_arm(p->slice_end);
	} else if (p->nr_sleeping) {
		/* None has woken yet (preempt_others_ready() looked): wake for the first. */
		__u64 first = sched_next_deadline();

		if (first != SCHED_FOREVER)
			preempt_timer_arm(first);
	}
	return false;
}

void preempt_start(void)
{
	struct percpu *p = this_cpu();

	p->slice_start = arch_timestamp();
	p->slice_end = 0;
	preempt_due(true); /* the scheduler may have left a posted call or a yielder waiting */
}

/*
 * sched_yield() returns at once if the others' work went away meanwhile
 * (a posted call Linux cancelled): then the thread goes on with a new slice.
 * After a real park, sched_run() started one already; this costs one more look.
 */
void preempt_yield(void)
{
	sched_yield();
	preempt_start();
}
