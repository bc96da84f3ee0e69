// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Sleeping system calls (include/sleep.h). The calling thread parks on its
 * CPU with a TSC deadline (sched_sleep()), so the CPU runs its other calls
 * meanwhile and, when it has none, halts with its APIC timer armed for the
 * earliest deadline (sched_idle(), arch/x86_64/apic_timer.c). A sleep is
 * a target on its clock: relative sleeps, on CLOCK_REALTIME too, run on
 * CLOCK_MONOTONIC from now, as Linux's hrtimer makes them. The TSC
 * deadline comes from the clock's current rate; on waking the clock is
 * read again and the thread sleeps on until the clock reached the target,
 * so a sleep never ends before its time as the clock measures it (the
 * rate may change between snapshots). Chunks of at most SLEEP_CHUNK_NS
 * keep the conversion in range; each costs one more wake-up.
 */
#include "arch.h"
#include "clock.h"
#include "kernel.h"
#include "sched.h"
#include "sleep.h"

#define SLEEP_CHUNK_NS 1000000000ULL

__u64 sleep_ns(const struct kernel_timespec *ts)
{
	if ((__u64)ts->tv_sec >= KTIME_MAX / NSEC_PER_SEC)
		return KTIME_MAX;
	return (__u64)ts->tv_sec * NSEC_PER_SEC + (__u64)ts->tv_nsec;
}

/* If the clock cannot be read for a while (a stale snapshot), wait a millisecond of TSC at a time. */
unsigned int sleep_until(int id, __u64 target)
{
	for (;;) {
		__u64 now, cycles;
		unsigned int reason;

		if (!clock_now(id, &now))
			cycles = clock_tsc_khz();
		else if (now >= target)
			return WAKE_DEADLINE;
		else
			cycles = clock_ns_to_cycles(MIN(target - now, SLEEP_CHUNK_NS));
		reason = sched_sleep(arch_timestamp() + cycles);
		if (reason != WAKE_DEADLINE)
			return reason;
	}
}

/*
 * A sleep ended early (by a reason other than its deadline): -EINTR, and
 * for a relative sleep the time left to CLOCK_MONOTONIC's @target at @rem,
 * unless none is left (then it counts as complete), as Linux's
 * do_nanosleep(). A handler then runs as the call returns (signal.c);
 * Linux does not restart sleeps after handlers, even with SA_RESTART.
 */
static long sleep_interrupted(bool absolute, __u64 target, __u64 rem)
{
	struct kernel_timespec left;
	__u64 now;

	if (absolute || !rem)
		return -EINTR;
	if (!clock_now(CLOCK_MONOTONIC, &now) || now >= target)
		return 0;
	left = clock_to_timespec(target - now);
	return arch_copy_out((void *)rem, &left, sizeof(left)) ? -EFAULT : -EINTR;
}

bool sleep_serve(int id, bool absolute, __u64 req, __u64 rem, long *ret)
{
	struct kernel_timespec ts;
	__u64 now, target;

	if (!clock_now(absolute ? id : CLOCK_MONOTONIC, &now))
		return false;
	if (arch_copy_in(&ts, (const void *)req, sizeof(ts))) {
		*ret = -EFAULT;
		return true;
	}
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || (__u64)ts.tv_nsec >= NSEC_PER_SEC) {
		*ret = -EINVAL;
		return true;
	}
	if (absolute)
		target = sleep_ns(&ts);
	else
		target = MIN(now + sleep_ns(&ts), KTIME_MAX);
	if (sleep_until(absolute ? id : CLOCK_MONOTONIC, target) == WAKE_DEADLINE)
		*ret = 0;
	else
		*ret = sleep_interrupted(absolute, target, rem);
	return true;
}
