/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Assembler macros shared by the interrupt and system-call entries: they
 * build and take apart the general-register half of struct trap_frame
 * (arch/trap.h) on top of an iret frame plus vector and error code, and
 * leave through iretq. Assembly only: clang-format does not read it.
 */
/* clang-format off */
#ifndef HVM_ARCH_FRAME_H
#define HVM_ARCH_FRAME_H

#define TF_RIP 0x88	/* offsetof(struct trap_frame, rip) */
#define TF_SIZE 0xb0	/* sizeof(struct trap_frame) */

/* Push r15..rax: RSP then points at a struct trap_frame. */
.macro SAVE_GENERAL_REGS
	pushq %r15
	pushq %r14
	pushq %r13
	pushq %r12
	pushq %r11
	pushq %r10
	pushq %r9
	pushq %r8
	pushq %rbp
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rbx
	pushq %rax
.endm

/*
 * With RSP at a struct trap_frame: call handler(frame) under a frame
 * record {interrupted rbp, interrupted rip} so backtraces cross the entry.
 */
.macro CALL_WITH_FRAME handler
	movq %rsp, %rdi
	pushq TF_RIP(%rsp)
	pushq %rbp
	movq %rsp, %rbp
	call \handler
	addq $16, %rsp
.endm

/* Pop rax..r15, drop vector and error code, and return through iretq. */
.macro RESTORE_REGS_AND_IRET
	popq %rax
	popq %rbx
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
	popq %rbp
	popq %r8
	popq %r9
	popq %r10
	popq %r11
	popq %r12
	popq %r13
	popq %r14
	popq %r15
	addq $16, %rsp			/* vector and error code */
	iretq
.endm

/* The System V callee-saved registers, pushed and popped in one order everywhere. */
.macro PUSH_CALLEE_SAVED
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro POP_CALLEE_SAVED
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
.endm

#endif /* HVM_ARCH_FRAME_H */
