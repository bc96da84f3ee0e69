/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * void thread_switch(__u64 *save_rsp, __u64 next_rsp)
 *
 * Switch between a CPU's scheduler and a call's thread (thread.c), with
 * interrupts off. The kernel's callee-saved registers (rbp, rbx, r12-r15)
 * are pushed on the stack being left, its RSP goes to *save_rsp, and the
 * same registers are popped from next_rsp's stack, whose return address
 * then resumes the other side. Everything else is the C caller's to keep.
 */

#include "arch/frame.h"
	.section .text, "ax"
	.code64
	.globl thread_switch
	.type thread_switch, @function
thread_switch:
	PUSH_CALLEE_SAVED
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	POP_CALLEE_SAVED
	ret
	.size thread_switch, . - thread_switch

/*
 * The first switch to a new thread returns here (arch_thread_init() built
 * its stack so): r13 = entry, r12 = its argument, rbp = 0 (backtraces end
 * here), RSP 16-byte aligned. entry never returns.
 */
	.globl thread_start
	.type thread_start, @function
thread_start:
	movq %r12, %rdi
	call *%r13
	ud2
	.size thread_start, . - thread_start

	.section .note.GNU-stack, "", @progbits
