/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Native system calls (kernel/syscalls/): the calls hvm-kernel serves
 * itself instead of forwarding them to Linux, one handler per file,
 * registered in kernel/syscalls/table.c. The running process's policy
 * (struct hvm_space.native, hvm/call.h) says which of them it wants served
 * here; the rest are forwarded. To port a call: write its handler in a file
 * of its own, add it to the table and to meson.build.
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

bool sys_arch_prctl(const __u64 args[SYSCALL_ARGS], long *ret);	/* arch/x86_64/syscalls/ */
bool sys_getpid(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_getppid(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_gettid(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_sched_yield(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_uname(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_clock_gettime(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_clock_getres(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_gettimeofday(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_time(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_nanosleep(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_clock_nanosleep(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_getrandom(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_futex(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_set_tid_address(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_exit(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_prctl(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_rt_sigprocmask(const __u64 args[SYSCALL_ARGS], long *ret);

/* The running thread's clear_child_tid address if it set one on the HRT (set_tid_address.c). */
bool tid_address_get(__u64 *addr);
/* Memory calls, served from the process's HRT heap (kernel/heap.c). */
bool sys_brk(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_mmap(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_mprotect(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_mremap(const __u64 args[SYSCALL_ARGS], long *ret);
bool sys_munmap(const __u64 args[SYSCALL_ARGS], long *ret);

#endif /* HVM_KERNEL_SYSCALLS_H */
