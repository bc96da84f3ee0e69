// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * set_tid_address(): the caller's tid, as gettid() gives it (its partner's,
 * gettid.c), and the address Linux is to clear and wake at the thread's
 * exit, which the HRT keeps for the running call (its slot and seq). Linux
 * still holds the partner's old one (clone's ctid, or musl's at startup):
 * at exit the HRT hands the new one to the partner, which adopts it before
 * it exits (exit.c, hvm/call.h, Threads), and prctl(PR_GET_TID_ADDRESS)
 * answers from it meanwhile (prctl.c).
 */
#include <hvm/call.h>

#include "percpu.h"
#include "sched.h"
#include "syscalls.h"

/* What set_tid_address() said last in the call with seq @seq of a slot. */
struct tid_address {
	__u64 addr;
	__u32 seq;
	bool set;
};

static struct tid_address tid_addresses[HVM_MAX_SLOTS]; /* by slot, its CPU's only */

bool sys_set_tid_address(const __u64 args[SYSCALL_ARGS], long *ret)
{
	struct thread *t = this_cpu()->thread;
	struct tid_address *a = &tid_addresses[t->slot];

	a->addr = args[0];
	a->seq = t->seq;
	a->set = true;
	return sys_gettid(args, ret);
}

bool tid_address_get(__u64 *addr)
{
	struct thread *t = this_cpu()->thread;
	const struct tid_address *a = &tid_addresses[t->slot];

	if (!a->set || a->seq != t->seq)
		return false;
	*addr = a->addr;
	return true;
}
