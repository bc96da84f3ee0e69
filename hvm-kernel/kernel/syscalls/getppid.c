// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * getppid(): the parent's tgid at merge (hvm/call.h). A process reparented
 * since would see its new parent under Linux: its policy should forward it.
 */
#include "syscalls.h"

bool sys_getppid(const __u64 args[SYSCALL_ARGS] __unused, long *ret)
{
	*ret = syscall_space()->ppid;
	return true;
}
