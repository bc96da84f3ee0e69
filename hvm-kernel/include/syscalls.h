/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Native system calls (kernel/syscalls/): the calls hvm-kernel serves
 * itself instead of forwarding them to Linux, one handler per file, listed
 * in kernel/syscalls/native.def. The running process's policy (struct
 * hvm_space.native, hvm/call.h) says which of them it wants served here;
 * the rest are forwarded. To port a call: write its handler in a file of
 * its own (kernel/syscalls/name.c), add one line to native.def.
 */
#ifndef HVM_KERNEL_SYSCALLS_H
#define HVM_KERNEL_SYSCALLS_H

#include <hvm/call.h>

#include "kernel.h"

#define SYSCALL_ARGS 6

/*
 * A handler runs on the calling thread's stack, interrupts off; it may
 * park the thread (sched.h). True when it served the call (*ret is the
 * result, -errno on failure), false to have Linux make it after all.
 */
typedef bool (*syscall_fn)(const __u64 args[SYSCALL_ARGS], long *ret);

/* Serve system call @nr natively if it has a handler the policy allows; false: forward it. */
bool syscall_native(__u64 nr, const __u64 args[SYSCALL_ARGS], long *ret);

/* The running call's space, whose identity fields the handlers answer from. */
const struct hvm_space *syscall_space(void);

/* The handlers, sys_name() for each call of the list. */
#define NATIVE(name) bool sys_##name(const __u64 args[SYSCALL_ARGS], long *ret);
#define NATIVE_ALWAYS(name) NATIVE(name)
#include "../kernel/syscalls/native.def"
#undef NATIVE
#undef NATIVE_ALWAYS

/* The running thread's clear_child_tid address if it set one on the HRT (set_tid_address.c). */
bool tid_address_get(__u64 *addr);

#endif /* HVM_KERNEL_SYSCALLS_H */
