/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Interrupt and exception entry: one 16-byte stub per vector (idt.c points
 * gate N at isr_stubs + 16 * N), and the common path that saves the general
 * registers as a struct trap_frame (arch/trap.h), calls trap_dispatch() and
 * returns with iretq. Every gate runs on an IST stack, so the stack is
 * 16-byte aligned when the CPU has pushed its frame.
 */

/* Vectors where the CPU pushes an error code itself. */
#include "arch/frame.h"

#define HAS_ERROR_CODE(v) ((v) == 8 || (v) == 10 || (v) == 11 || (v) == 12 || \
			   (v) == 13 || (v) == 14 || (v) == 17 || (v) == 21 || \
			   (v) == 29 || (v) == 30)

	.section .text, "ax"
	.code64
	.balign 16
	.globl isr_stubs
	.type isr_stubs, @function
isr_stubs:
	.set vector, 0
	.rept 256
1:
	.ifeq HAS_ERROR_CODE(vector)
	pushq $0			/* dummy error code */
	.endif
	pushq $vector
	jmp isr_common
	.org 1b + 16, 0xcc		/* fails to assemble if a stub outgrows 16 bytes */
	.set vector, vector + 1
	.endr
	.size isr_stubs, . - isr_stubs

/*
 * Stack on entry: vector, error code, then the CPU's rip, cs, rflags, rsp,
 * ss. After the 15 pushes below it holds a whole struct trap_frame.
 */
	.type isr_common, @function
isr_common:
	SAVE_GENERAL_REGS
	cld
	CALL_WITH_FRAME trap_dispatch
	RESTORE_REGS_AND_IRET
	.size isr_common, . - isr_common

/*
 * void trap_move(struct trap_frame *f, __u64 top, handler): leave the IST
 * stack for good. Copy the frame @f to the 16-byte aligned @top of the
 * running call's own stack, handle it there with handler(copy) (which may
 * park the call's thread: trap_moved(), signal_interrupted()) and return
 * through iretq from that copy. Called from trap_dispatch() with
 * interrupts off; the IST stack's contents are dropped, so its next
 * exception may use it whole.
 */
	.globl trap_move
	.type trap_move, @function
trap_move:
	movq %rdx, %rbx			/* the frame restores rbx */
	leaq -TF_SIZE(%rsi), %rsp
	movq %rdi, %rsi
	movq %rsp, %rdi
	movl $(TF_SIZE / 8), %ecx
	rep movsq
	CALL_WITH_FRAME *%rbx
	RESTORE_REGS_AND_IRET
	.size trap_move, . - trap_move

	.section .note.GNU-stack, "", @progbits
