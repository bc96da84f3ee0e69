// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvm-kernel's accesses to the running call's program memory (include/arch.h):
 * one string copy (uaccess_copy, syscall_entry.S) and one string store of
 * zeros (uaccess_clear), whose page faults go to Linux like the program's
 * own, and which stop where Linux refuses one; and one copy that stops at
 * any fault, for code holding a spinlock.
 * Only the lower half is the program's: a range reaching past it copies
 * nothing.
 */
#include "arch.h"
#include "kernel.h"
#include "memlayout.h"
#include "arch/trap.h"

static bool uaccess_range_ok(const void *uptr, size_t n)
{
	__u64 a = (__u64)uptr;

	return a < HVM_LOWER_HALF_END && n <= HVM_LOWER_HALF_END - a;
}

size_t arch_copy_out(void *udst, const void *src, size_t n)
{
	if (!uaccess_range_ok(udst, n))
		return n;
	return uaccess_copy(udst, src, n);
}

size_t arch_copy_in(void *dst, const void *usrc, size_t n)
{
	if (!uaccess_range_ok(usrc, n))
		return n;
	return uaccess_copy(dst, usrc, n);
}

size_t arch_copy_in_nofault(void *dst, const void *usrc, size_t n)
{
	if (!uaccess_range_ok(usrc, n))
		return n;
	return uaccess_copy_nofault(dst, usrc, n);
}

size_t arch_clear_out(void *udst, size_t n)
{
	if (!uaccess_range_ok(udst, n) || (__u64)udst % 8 || n % 8)
		return n;
	return uaccess_clear(udst, n / 8) * 8;
}

int put_user_u64(__u64 *uptr, __u64 v)
{
	return arch_copy_out(uptr, &v, sizeof(v)) ? -EFAULT : 0;
}

int get_user_u64(const __u64 *uptr, __u64 *v)
{
	return arch_copy_in(v, uptr, sizeof(*v)) ? -EFAULT : 0;
}
