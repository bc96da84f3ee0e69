/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What generic code asks of the architecture (arch/x86_64/setup.c), in the
 * order kernel_main() uses it on each CPU.
 */
#ifndef HVM_ARCH_H
#define HVM_ARCH_H

#include "kernel.h"

struct arch_thread;
struct hvm_regs;

/* Descriptor tables, per-CPU data and exception handling; first thing on every CPU. */
void arch_cpu_early_init(unsigned int cpu);

/* CPU 0 only: build the kernel's page tables for the partition; 0 or -errno. */
int arch_mm_init(__u64 partition_base, __u64 partition_size);

/* Bytes of the partition mapped at KERNEL_VBASE (after arch_mm_init()). */
__u64 arch_mapped_size(void);

/* Switch to the kernel's page tables and enable the local APIC. */
void arch_cpu_init(void);

/* "xAPIC" or "x2APIC": how this CPU talks to its local APIC. */
const char *arch_apic_mode(void);

/* HVM_MBOX_TEST_CRASH: raise the HVM_TEST_CRASH_* exception; -EINVAL for an unknown one. */
int arch_test_crash(__u64 kind);

/* The CPU's time-stamp counter. */
__u64 arch_timestamp(void);

/* The TSC, read after every earlier load and before every later one. */
__u64 arch_timestamp_ordered(void);

/*
 * Interrupt this CPU at TSC value @tsc or a little before, to end an
 * arch_idle() (arch/x86_64/apic_timer.c); a later call re-arms it.
 */
void arch_timer_arm(__u64 tsc);

/* A random 64-bit value from the CPU (arch/x86_64/random.c); false when it cannot give one. */
bool arch_random_u64(__u64 *v);

/* With interrupts off: halt until an interrupt was handled; interrupts are off again after. */
void arch_idle(void);

/* With interrupts off: one spin-wait pause with interrupts on for an instant, to take pending ones. */
void arch_idle_pause(void);

/* Copy @n bytes to / from the running call's lower half: 0 or -EFAULT (arch/x86_64/syscall.c). */
int arch_copy_to_user(void *dst, const void *src, size_t n);
int arch_copy_from_user(void *dst, const void *src, size_t n);

/*
 * Copy @n bytes to (out) or from (in) the running call's lower half, as
 * Linux's copy_to_user and copy_from_user: the bytes NOT copied, 0 when
 * all were; a page Linux cannot provide ends the copy (arch/x86_64/uaccess.c).
 */
size_t arch_copy_out(void *udst, const void *src, size_t n);
size_t arch_copy_in(void *dst, const void *usrc, size_t n);

/*
 * arch_copy_in() for a caller holding a spinlock: a page fault is never
 * forwarded to Linux (the thread would park holding the lock), the copy
 * stops there. Touch the memory with arch_copy_in() first.
 */
size_t arch_copy_in_nofault(void *dst, const void *usrc, size_t n);
/* Zero @n bytes at @udst in the lower half, both 8-byte aligned: the bytes NOT zeroed, as above. */
size_t arch_clear_out(void *udst, size_t n);
__noreturn void arch_cpu_stop(void);

/*
 * The CPU number the program's vDSO getcpu reads on this CPU (Linux's
 * per-CPU segment limit and, for RDPID/RDTSCP, TSC_AUX), node 0: its
 * program CPU (include/cpuset.h), set whenever the CPU enters a space.
 */
void arch_set_program_cpu(unsigned int cpu);

/* A fixed interrupt at @vector to the CPU with physical APIC id @apic_id. */
void arch_send_ipi(__u32 apic_id, __u32 vector);

/*
 * Address spaces (arch/x86_64/space.c). Each CPU has one page-table root
 * for running inside a merged space: its upper half is the kernel's, its
 * lower half a copy of the space's top-level entries.
 */
int arch_space_cpu_init(void); /* once per CPU: 0 or -ENOMEM */
bool arch_space_copy(const __u64 *lower); /* HVM_LOWER_PML4_ENTRIES entries; true if any changed */
void arch_space_activate(void); /* load the root: flushes the lower half */
void arch_space_deactivate(void); /* back to the kernel's own root */

/*
 * Run func(arg) in ring 0 on the program's stack, interrupts enabled, FS
 * base = @fs_base when not 0 (arch/x86_64/enter.c), on the running thread.
 * Returns CALL_DONE with func's value in *result, or CALL_FAULTED /
 * CALL_ABORTED (slot.h) when an exception or an abort request unwound it.
 */
int arch_enter_func(__u64 func, __u64 arg, __u64 stack_top, __u64 fs_base, __u64 *result);

/*
 * Go on with a thread of the program from @regs (hvm/call.h, Threads), on
 * the running thread; it ends only as CALL_FAULTED or CALL_ABORTED.
 * arch_regs_problem() says why @regs cannot be run, NULL when they can.
 */
int arch_enter_regs(const struct hvm_regs *regs);
const char *arch_regs_problem(const struct hvm_regs *regs);

/* Is this CPU inside a call (the program's code may be running)? */
bool arch_call_active(void);

/* End the running thread's call now with @outcome, from hvm-kernel's own code on its stack. */
__noreturn void arch_call_abandon(int outcome);

/* The call in @slot was refused before it ran: leave a record holding only @reason. */
void arch_call_refused(unsigned int slot, const char *reason);

/*
 * Threads (arch/x86_64/thread.c, include/sched.h), interrupts off. A new
 * thread runs entry(arg) on slot @slot's kernel stack the first time
 * arch_thread_run() switches to it; arch_thread_run() returns when the
 * thread parks (arch_thread_park(), which returns when it is run again,
 * with the program's CPU state as it left it) or exits.
 */
void arch_thread_init(struct arch_thread *t, unsigned int slot, void (*entry)(void *), void *arg);
void arch_thread_run(struct arch_thread *t);
void arch_thread_park(struct arch_thread *t);
__noreturn void arch_thread_exit(struct arch_thread *t);

#endif /* HVM_ARCH_H */
