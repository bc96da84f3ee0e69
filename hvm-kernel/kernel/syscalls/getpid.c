// SPDX-License-Identifier: GPL-2.0 OR MIT
/* getpid(): the process's tgid, which Linux published at merge (hvm/call.h). */
#include "syscalls.h"

bool sys_getpid(const __u64 args[SYSCALL_ARGS] __unused, long *ret)
{
	*ret = syscall_space()->tgid;
	return true;
}
