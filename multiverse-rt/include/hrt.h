/* SPDX-License-Identifier: MIT */
/*
 * multiverse-rt: running a process's own functions on the HRT (ROS -> HRT
 * calls). The process's lower half is merged into the HRT once
 * (hrt_merge); a call then runs long fn(long arg) in ring 0 on an HRT CPU,
 * on a stack the caller provides, with every pointer meaning what it means
 * in the process. System calls it makes that hvm-kernel forwards are made
 * meanwhile by the thread waiting for the call, as that thread. All
 * functions return 0 or -errno; they are thread-safe.
 */
#ifndef MULTIVERSE_HRT_H
#define MULTIVERSE_HRT_H

#include <stddef.h>

#include <hvm/ioctl.h>

typedef long (*hrt_fn)(long arg);

/*
 * Merge this process's address space into the HRT (idempotent), with the
 * native system-call policy HVM_NATIVE asks for (all, none or a comma list
 * of names; default all).
 */
int hrt_merge(void);
/* The same with policy @native (bit n: serve system call n natively when hvm-kernel can). */
int hrt_merge_native(const unsigned long long native[HVM_NATIVE_WORDS]);
/* HRT CPUs that take calls (after hrt_merge). */
int hrt_nr_cpus(void);
/* Run fn(arg) on HRT CPU cpu with the stack ending at stack_top; wait. */
int hrt_call(unsigned int cpu, hrt_fn fn, long arg, void *stack_top, long *result);
/*
 * Run fn(arg) on every HRT CPU at once, CPU i on the stack ending at
 * stack_top - i * stride; results[i] and status[i] per CPU (either may be
 * NULL). Returns 0 when every call returned, else the first failure.
 */
int hrt_call_all(hrt_fn fn, long arg, void *stack_top, size_t stride, long *results, int *status);
/*
 * Post a call and return at once; hrt_wait(ticket) collects it. A system
 * call the function forwards waits for hrt_wait(), whose thread makes it.
 */
int hrt_call_async(unsigned int cpu, hrt_fn fn, long arg, void *stack_top,
		   unsigned long long *ticket);
int hrt_wait(unsigned long long ticket, long *result);
/* Full control: fill func, arg, stack_top, cpu, flags, timeout_ns yourself (the rest 0). */
int hrt_call_request(struct hvm_call_request *req);
/* The crash record of this thread's last call that returned -EFAULT. */
const struct hvm_crash_record *hrt_last_fault(void);

/*
 * Run the unmodified Linux program @file (PATH searched when it has no '/';
 * static or dynamic, PIE or not, "#!" scripts followed) in this process in
 * place of the caller, as execve would, but on the HRT from its first
 * instruction, this thread its partner (hvm-exec is this call). The
 * process must not have merged yet, and should have one thread. Returns
 * only when the program cannot run: the exit status a shell would give
 * (127: not found, 126: cannot execute), hrt_exec_error() saying why; the
 * process should then exit with it, as parts of the program may be mapped.
 */
#define HRT_EXEC_NATIVE 1u /* run it natively through the same loader, to compare */
int hrt_exec(const char *file, char *const argv[], char *const envp[], unsigned int flags);
const char *hrt_exec_error(void);

#endif /* MULTIVERSE_HRT_H */
