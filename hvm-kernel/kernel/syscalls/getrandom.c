// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * getrandom(): bytes from the CPU's random number instructions
 * (arch_random_u64(): RDRAND, else RDSEED), forwarded when the CPU has
 * neither. Linux's checks in Linux's order: unknown flags, or GRND_RANDOM
 * with GRND_INSECURE, are EINVAL; the length is capped at MAX_RW_COUNT; a
 * range past the user half is EFAULT; then the bytes are copied in blocks,
 * and a page that cannot be written ends the copy: the count so far, or
 * EFAULT if there is none. Linux's pool is long initialized when a hybrid
 * program runs, so GRND_NONBLOCK never has to say EAGAIN, and GRND_RANDOM
 * is the same source (as in Linux since 5.6). A long request lets the
 * CPU's other calls run every SLICE bytes.
 */
#include "arch.h"
#include "memlayout.h"
#include "sched.h"
#include "syscalls.h"

#define MAX_RW_COUNT (0x7fffffffULL & ~(PAGE_SIZE - 1))
#define TASK_SIZE_MAX (HVM_LOWER_HALF_END - PAGE_SIZE)
#define RANDOM_BLOCK 256
#define RANDOM_SLICE 0x10000

/* Fill @block with random words; false when the CPU had none to give. */
static bool random_fill(__u64 block[RANDOM_BLOCK / 8])
{
	for (int i = 0; i < RANDOM_BLOCK / 8; i++)
		if (!arch_random_u64(&block[i]))
			return false;
	return true;
}

/* Copy random bytes to [@buf, @buf + @len): the count copied, or -EFAULT for none. */
static long random_copy(__u64 buf, __u64 len, __u64 block[RANDOM_BLOCK / 8])
{
	__u64 done = 0;

	while (done < len) {
		__u64 n = MIN(len - done, (__u64)RANDOM_BLOCK);
		size_t left;

		if (done && !random_fill(block))
			break; /* the CPU ran dry: what was copied */
		left = arch_copy_out((void *)(buf + done), block, n);
		done += n - left;
		if (left)
			break;
		if (done % RANDOM_SLICE == 0)
			sched_yield();
	}
	memset(block, 0, RANDOM_BLOCK);
	return done ? (long)done : -EFAULT;
}

bool sys_getrandom(const __u64 args[SYSCALL_ARGS], long *ret)
{
	__u64 buf = args[0], len = args[1], flags = (unsigned int)args[2];
	__u64 block[RANDOM_BLOCK / 8];

	if (flags & ~(__u64)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) ||
	    (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE)) {
		*ret = -EINVAL;
		return true;
	}
	len = MIN(len, MAX_RW_COUNT);
	if (buf > TASK_SIZE_MAX || len > TASK_SIZE_MAX - buf) {
		*ret = -EFAULT;
		return true;
	}
	if (!len) {
		*ret = 0;
		return true;
	}
	if (!random_fill(block))
		return false; /* no random instruction, or it failed: Linux's pool serves */
	*ret = random_copy(buf, len, block);
	return true;
}
