// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * What a CPU does when none of its threads can run (include/idle.h). When
 * some of them wait for Linux to answer a forwarded request, the answer
 * usually comes within microseconds: the CPU polls its slots for a while
 * before it halts, so the answer needs no interrupt and no wake-up from
 * `hlt` (on KVM a VM exit and an injection; under TCG a host thread's
 * wake-up). While it polls it announces core.polling, and Linux then
 * sends no kick (hvm/call.h, Kicks, for the handshake that loses no
 * wake-up). Otherwise, and once the window is over, it halts until an
 * interrupt (sched_idle()).
 *
 * The window adapts per CPU, as KVM's halt-polling does: when the CPU
 * halted and work came within the cap, polling that long would have
 * caught it, so the window doubles (from IDLE_POLL_START_NS); when work
 * came later than the cap, polling was wasted, so it halves, down to 0.
 * The cap is Linux's (boot_info.poll_max_us, hvm.ko's hrt_poll_us): 0
 * halts at once. A CPU whose threads wait only for time (sleeps) or for
 * other HRT threads (futexes) halts at once: those wake it by timer or IPI.
 * A polling CPU keeps its host thread busy, so the window stays small:
 * on a host with fewer cores than vCPUs, Linux's vCPU must not wait for it.
 */
#include <hvm/barrier.h>
#include <hvm/boot.h>

#include "arch.h"
#include "bootinfo.h"
#include "clock.h"
#include "idle.h"
#include "kernel.h"
#include "percpu.h"
#include "sched.h"
#include "slot.h"
#include "space.h"

/* The first window after none, and the TSC rate assumed when Linux gave none (as sleep.c). */
#define IDLE_POLL_START_NS 5000ULL
/*
 * One look at the slots takes well under a microsecond on hardware and a
 * few under TCG: a longer gap between two is the host's doing. After one,
 * the CPU halts at once for its next IDLE_BACKOFF_IDLES idle periods.
 */
#define IDLE_POLL_GAP_NS 30000ULL
#define IDLE_BACKOFF_IDLES 256

static __u64 idle_ns_to_cycles(__u64 ns)
{
	return clock_tsc_khz() * ns / 1000000ULL;
}

/* Threads of this CPU parked until Linux answers them (not sleeping, not yielding). */
static unsigned int idle_waiting_for_linux(const struct percpu *p)
{
	return p->nr_parked - p->nr_sleeping - p->nr_yielded;
}

/* Anything for the scheduler loop: a thread Linux answered (or a sleeper's time came), or a post. */
static bool idle_work(void)
{
	return sched_next_resumed() || slot_posted();
}

/*
 * Poll for work for at most @window TSC ticks from @start; true when there
 * is some. Ends with core.polling = 0 and one more look after a full fence,
 * so a kick Linux skipped because it saw polling = 1 is never needed. A
 * gap of IDLE_POLL_GAP_NS between two looks means the host ran something
 * else on this vCPU's core meanwhile (more vCPUs than host cores): polling
 * then takes time from Linux's vCPU, so the CPU stops and backs off.
 */
static bool idle_poll(struct percpu *p, struct hvm_core *core, __u64 start, __u64 window)
{
	__u64 gap = idle_ns_to_cycles(IDLE_POLL_GAP_NS), last = start, now;
	bool found;

	hvm_publish(&core->polling, 1);
	do {
		found = idle_work();
		if (found)
			break;
		arch_idle_pause(); /* mailbox commands, shootdowns and signals still come in */
		now = arch_timestamp();
		if (now - last > gap) {
			p->poll_cycles = 0;
			p->poll_backoff = IDLE_BACKOFF_IDLES;
			break;
		}
		last = now;
	} while (now - start < window);
	hvm_publish(&core->polling, 0);
	hvm_full_fence(); /* polling = 0 is visible before the last look (hvm/call.h, Kicks) */
	return found || idle_work();
}

/* Work came @waited ticks after the CPU went idle, by interrupt: adapt the window to it. */
static void idle_adapt(struct percpu *p, __u64 waited, __u64 cap)
{
	__u64 start = idle_ns_to_cycles(IDLE_POLL_START_NS);

	if (p->poll_backoff) {
		p->poll_backoff--;
		return;
	}
	if (waited <= cap)
		p->poll_cycles = MIN(cap, MAX(p->poll_cycles * 2, start));
	else if ((p->poll_cycles /= 2) < start)
		p->poll_cycles = 0;
}

void idle_wait(void)
{
	struct percpu *p = this_cpu();
	__u64 cap = idle_ns_to_cycles(hvm_read_once(&boot_info->poll_max_us) * 1000ULL);
	__u64 start;

	if (!cap || !idle_waiting_for_linux(p)) {
		sched_idle();
		return;
	}
	start = arch_timestamp();
	if (p->poll_cycles && idle_poll(p, core_get(p->cpu), start, MIN(p->poll_cycles, cap))) {
		core_get(p->cpu)->poll_hits++;
		return;
	}
	sched_idle();
	idle_adapt(p, arch_timestamp() - start, cap);
}
