// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * futex(): the process-private operations its threads make among
 * themselves are served here (kernel/futex.c): FUTEX_WAIT, FUTEX_WAKE,
 * FUTEX_REQUEUE, FUTEX_CMP_REQUEUE, FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET,
 * with FUTEX_PRIVATE_FLAG, waits with timeouts included (on the HRT's
 * clock, kernel/clock.c). Linux makes the rest:
 *   - shared futexes (no FUTEX_PRIVATE_FLAG), which other processes and
 *     Linux itself may wake (clear_child_tid at a thread's exit, robust
 *     lists). Linux keys a private and a shared futex on the same word
 *     apart, so splitting them between the two kernels loses no wake;
 *   - the operations not ported (PI, WAKE_OP, FUTEX_FD, requeue-PI, a
 *     FUTEX_CLOCK_REALTIME Linux refuses), with Linux's own answers;
 *   - timed waits while the HRT cannot read the clock (futex_wait_linux()).
 *     Linux's waiters must still get the program's wakes: while any such
 *     wait runs, every wake and requeue is made by Linux as well, after
 *     the native one (futex users accept the spurious wakes this may
 *     cause).
 */
#include "arch.h"
#include "clock.h"
#include "forward.h"
#include "futex.h"
#include "memlayout.h"
#include "sleep.h"
#include "syscalls.h"

/* A futex word Linux would accept: 0, -EINVAL (misaligned) or -EFAULT (not the program's). */
static int futex_word_problem(__u64 uaddr)
{
	if (uaddr & 3)
		return -EINVAL;
	if (uaddr > HVM_LOWER_HALF_END - sizeof(__u32))
		return -EFAULT;
	return 0;
}

/* A private wait Linux makes (no clock on the HRT now), counted as one (include/futex.h). */
static long futex_wait_linux(const __u64 args[SYSCALL_ARGS])
{
	long ret;

	futex_linux_wait_begin();
	ret = forward_syscall(__NR_futex, args);
	futex_linux_wait_end();
	return ret;
}

/*
 * The deadline of a timed wait, as Linux's futex_init_timeout() makes it:
 * FUTEX_WAIT's timespec is relative, on CLOCK_MONOTONIC from now;
 * FUTEX_WAIT_BITSET's absolute, on CLOCK_MONOTONIC or, with
 * FUTEX_CLOCK_REALTIME, CLOCK_REALTIME. 0, -EFAULT, -EINVAL (Linux's
 * answers), or 1 when the HRT cannot read the clock now.
 */
static int futex_deadline(__u64 uts, bool absolute, int clock, struct futex_deadline *d)
{
	struct kernel_timespec ts;
	__u64 now;

	if (arch_copy_in(&ts, (const void *)uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || (__u64)ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	d->clock = absolute ? clock : CLOCK_MONOTONIC;
	if (!clock_now(d->clock, &now))
		return 1;
	d->target = absolute ? sleep_ns(&ts) : MIN(now + sleep_ns(&ts), KTIME_MAX);
	return 0;
}

/* Linux makes a wake or requeue too while it makes a private wait of the process. */
static long futex_also_linux(long native, const __u64 args[SYSCALL_ARGS])
{
	long by_linux;

	if (native < 0 || !futex_linux_waits())
		return native;
	by_linux = forward_syscall(__NR_futex, args);
	return by_linux > 0 ? native + by_linux : native;
}

/* @absolute: FUTEX_WAIT_BITSET's timeout, on @clock; Linux looks at the timeout first. */
static long futex_wait_op(const __u64 args[SYSCALL_ARGS], __u32 bitset, bool absolute, int clock)
{
	struct futex_deadline d;
	int err = args[3] ? futex_deadline(args[3], absolute, clock, &d) : 0;

	if (err > 0)
		return futex_wait_linux(args);
	if (!err)
		err = bitset ? futex_word_problem(args[0]) : -EINVAL;
	if (err)
		return err;
	return futex_wait(args[0], (__u32)args[2], bitset, args[3] ? &d : NULL);
}

static long futex_wake_op(const __u64 args[SYSCALL_ARGS], __u32 bitset)
{
	int err = bitset ? futex_word_problem(args[0]) : -EINVAL;

	if (err)
		return err;
	return futex_also_linux(futex_wake(args[0], (int)args[2], bitset), args);
}

/* The requeue count comes in the timeout argument; @cmp: FUTEX_CMP_REQUEUE's value in args[5]. */
static long futex_requeue_op(const __u64 args[SYSCALL_ARGS], bool cmp)
{
	__u32 cmpval = (__u32)args[5];
	int err = futex_word_problem(args[0]);

	if (!err)
		err = futex_word_problem(args[4]);
	if (err)
		return err;
	return futex_also_linux(
		futex_requeue(args[0], args[4], (int)args[2], (int)args[3], cmp ? &cmpval : NULL),
		args);
}

bool sys_futex(const __u64 args[SYSCALL_ARGS], long *ret)
{
	int op = (int)args[1], cmd = op & FUTEX_CMD_MASK;

	if (!(op & FUTEX_PRIVATE_FLAG))
		return false;
	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET)
		return false;
	switch (cmd) {
	case FUTEX_WAIT:
		*ret = futex_wait_op(args, FUTEX_BITSET_MATCH_ANY, false, CLOCK_MONOTONIC);
		return true;
	case FUTEX_WAIT_BITSET:
		*ret = futex_wait_op(args, (__u32)args[5], true,
				     op & FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC);
		return true;
	case FUTEX_WAKE:
		*ret = futex_wake_op(args, FUTEX_BITSET_MATCH_ANY);
		return true;
	case FUTEX_WAKE_BITSET:
		*ret = futex_wake_op(args, (__u32)args[5]);
		return true;
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		*ret = futex_requeue_op(args, cmd == FUTEX_CMP_REQUEUE);
		return true;
	default:
		return false;
	}
}
