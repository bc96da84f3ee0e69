/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * long enter_program(struct call_context *ctx, __u64 func, __u64 arg,
 *                 __u64 stack_top)
 * void enter_program_regs(struct call_context *ctx, const struct hvm_regs *regs)
 *
 * Run the program's code in ring 0, interrupts enabled, on the running
 * thread; called from enter.c with interrupts off. enter_program runs
 * func(arg) on the program's stack and returns its value; enter_program_regs
 * loads every register from regs (a thread of the program going on) and
 * never returns by itself. Both push the kernel's callee-saved registers
 * (rbp, rbx, r12-r15) and a word that aligns RSP to 16 bytes on the
 * thread's stack and keep that RSP in ctx->kernel_rsp and in this CPU's
 * system-call stack top: the call's system calls and forwarded faults
 * build their frames below it (arch/thread.h). So the trap code can abandon
 * the program at any instruction: it points the trap frame's iretq at
 * unwind_landing with RSP = ctx->kernel_rsp, interrupts off, and
 * unwind_landing pops those registers and returns to the caller as if func
 * had returned (the outcome is in ctx->outcome, the value is 0).
 * enter_program keeps ctx in rbx across func, which the C calling convention
 * preserves.
 */
#include "arch/frame.h"
#include "arch/segment.h"

#define CTX_KERNEL_RSP 0x0	/* offsetof(struct call_context, kernel_rsp) */
#define CTX_ACTIVE 0x8		/* offsetof(struct call_context, active) */
#define PCPU_STACK_TOP 0x10	/* offsetof(struct percpu, arch.syscall.stack_top) */
#define REGS_RSI 0x20		/* struct hvm_regs: regs[4], the crash record's order */
#define REGS_RIP 0x78		/* offsetof(struct hvm_regs, rip) */
#define REGS_RSP 0x80
#define REGS_RFLAGS 0x88

/* Entered by a call (RSP = 8 mod 16): save and align as above, ctx in rdi. */
.macro ENTER_SAVE_KERNEL
	pushq %rbp
	movq %rsp, %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	subq $8, %rsp
	movq %rsp, CTX_KERNEL_RSP(%rdi)
	movq %rsp, %gs:PCPU_STACK_TOP
.endm

	.section .text, "ax"
	.code64
	.globl enter_program
	.type enter_program, @function
enter_program:
	ENTER_SAVE_KERNEL
	movq %rdi, %rbx
	movl $1, CTX_ACTIVE(%rbx)
	movq %rcx, %rsp			/* 16-byte aligned: func sees it less its return address */
	movq %rdx, %rdi
	xorl %ebp, %ebp			/* the program's backtraces end here */
	sti
	call *%rsi
	cli
	cld
	movl $0, CTX_ACTIVE(%rbx)
	movq CTX_KERNEL_RSP(%rbx), %rsp
	jmp unwind_pop
	.size enter_program, . - enter_program

/*
 * An iretq frame below kernel_rsp (rflags from regs, which enter.c made
 * safe: IF set), then the general registers, rsi last since it points at
 * them; iretq enables interrupts as it jumps.
 */
	.globl enter_program_regs
	.type enter_program_regs, @function
enter_program_regs:
	ENTER_SAVE_KERNEL
	movl $1, CTX_ACTIVE(%rdi)
	pushq $KERNEL_DS
	pushq REGS_RSP(%rsi)
	pushq REGS_RFLAGS(%rsi)
	pushq $KERNEL_CS
	pushq REGS_RIP(%rsi)
	movq 0x00(%rsi), %rax
	movq 0x08(%rsi), %rbx
	movq 0x10(%rsi), %rcx
	movq 0x18(%rsi), %rdx
	movq 0x28(%rsi), %rdi
	movq 0x30(%rsi), %rbp
	movq 0x38(%rsi), %r8
	movq 0x40(%rsi), %r9
	movq 0x48(%rsi), %r10
	movq 0x50(%rsi), %r11
	movq 0x58(%rsi), %r12
	movq 0x60(%rsi), %r13
	movq 0x68(%rsi), %r14
	movq 0x70(%rsi), %r15
	movq REGS_RSI(%rsi), %rsi
	iretq
	.size enter_program_regs, . - enter_program_regs

/*
 * void leave_program(__u64 kernel_rsp): hvm-kernel's own code ends the
 * running call (arch_call_abandon()), dropping everything on the thread's
 * stack below kernel_rsp, as the trap code's iretq does below.
 */
	.globl leave_program
	.type leave_program, @function
leave_program:
	movq %rdi, %rsp
	.size leave_program, . - leave_program

/* The trap code's iretq lands here: RSP = ctx->kernel_rsp, interrupts off. */
	.globl unwind_landing
	.type unwind_landing, @function
unwind_landing:
	xorl %eax, %eax
unwind_pop:
	addq $8, %rsp
	POP_CALLEE_SAVED
	ret
	.size unwind_landing, . - unwind_landing

	.section .note.GNU-stack, "", @progbits
