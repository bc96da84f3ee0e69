// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * prctl(): Linux serves it, except PR_GET_TID_ADDRESS after the thread set
 * its clear_child_tid address on the HRT (set_tid_address.c): Linux still
 * holds the partner's old one until the thread exits.
 */
#include "arch.h"
#include "syscalls.h"

bool sys_prctl(const __u64 args[SYSCALL_ARGS], long *ret)
{
	__u64 addr;

	if ((int)args[0] != PR_GET_TID_ADDRESS || !tid_address_get(&addr))
		return false;
	*ret = arch_copy_to_user((void *)args[1], &addr, sizeof(addr));
	return true;
}
