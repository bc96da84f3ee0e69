// SPDX-License-Identifier: GPL-2.0 OR MIT
/* uname(): the UTS namespace's fields at merge, which Linux published (hvm/call.h). */
#include "arch.h"
#include "syscalls.h"

bool sys_uname(const __u64 args[SYSCALL_ARGS], long *ret)
{
	const struct hvm_space *s = syscall_space();

	*ret = arch_copy_to_user((void *)args[0], &s->uts, sizeof(s->uts));
	return true;
}
