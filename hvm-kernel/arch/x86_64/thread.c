// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Threads of calls, the x86-64 side (include/arch.h, kernel/sched.c): the
 * kernel stacks, one per call slot, and the switches between a CPU's
 * scheduler and its threads (switch.S). A switch happens only in
 * hvm-kernel's own code, interrupts off, so the kernel's callee-saved
 * registers are all a thread keeps of the kernel. The program's state a
 * parked call must find again is the CPU state the next call changes: its
 * FS base, its x87/SSE/AVX registers (fpu.c), and CR2, which a fault waiting for Linux
 * still needs for its record. Its general registers are on its stack, in
 * the frame of the system call or fault that waits.
 */
#include <hvm/call.h>

#include "arch.h"
#include "kernel.h"
#include "memlayout.h"
#include "percpu.h"
#include "arch/cpu.h"
#include "arch/fpu.h"
#include "arch/thread.h"

void thread_switch(__u64 *save_rsp, __u64 next_rsp); /* switch.S */
extern char thread_start[];

/* In the image, so crash backtraces may follow frames on them (crash.c). */
static char thread_stacks[HVM_MAX_SLOTS][THREAD_STACK_SIZE] __aligned(16);

/*
 * The stack thread_switch() pops on the first switch: r15, r14, r13 =
 * entry, r12 = arg, rbx, rbp = 0, the return address thread_start, and two
 * words of padding, so thread_start finds RSP 16-byte aligned.
 */
void arch_thread_init(struct arch_thread *t, unsigned int slot, void (*entry)(void *), void *arg)
{
	__u64 *sp = (__u64 *)(thread_stacks[slot] + THREAD_STACK_SIZE);

	*--sp = 0;
	*--sp = 0;
	*--sp = (__u64)thread_start;
	*--sp = 0; /* rbp */
	*--sp = 0; /* rbx */
	*--sp = (__u64)arg; /* r12 */
	*--sp = (__u64)entry; /* r13 */
	*--sp = 0; /* r14 */
	*--sp = 0; /* r15 */
	t->rsp = (__u64)sp;
	t->call.kernel_rsp = 0;
	t->call.active = 0;
	t->call.in_kernel = 0;
}

/* The running thread's system calls start below its call's saved registers (arch/percpu.h). */
void arch_thread_run(struct arch_thread *t)
{
	struct arch_percpu *a = &this_cpu()->arch;

	a->call = &t->call;
	a->syscall.stack_top = t->call.kernel_rsp;
	thread_switch(&a->sched_rsp, t->rsp);
	a->call = NULL;
}

void arch_thread_park(struct arch_thread *t)
{
	struct arch_percpu *a = &this_cpu()->arch;

	t->fs_base = rdmsr(MSR_FS_BASE);
	t->cr2 = read_cr2();
	fpu_save_park(&t->fpu);
	thread_switch(&t->rsp, a->sched_rsp);
	fpu_restore(&t->fpu);
	write_cr2(t->cr2);
	wrmsr(MSR_FS_BASE, t->fs_base);
}

/* Its stack is abandoned: the next call of its slot starts it afresh. */
__noreturn void arch_thread_exit(struct arch_thread *t)
{
	thread_switch(&t->rsp, this_cpu()->arch.sched_rsp);
	__builtin_unreachable();
}
