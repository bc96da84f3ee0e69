// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gettid(): the tid of the Linux thread that posted the running call, its
 * partner, which Linux wrote into the slot's tid[] entry (hvm/call.h).
 */
#include <hvm/call.h>

#include "memlayout.h"
#include "percpu.h"
#include "syscalls.h"

bool sys_gettid(const __u64 args[SYSCALL_ARGS] __unused, long *ret)
{
	*ret = *hvm_slot_tid(partition(), this_cpu()->call_slot - 1);
	return true;
}
