/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * long call_enter(struct call_context *ctx, __u64 func, __u64 arg,
 *                 __u64 stack_top)
 *
 * Run func(arg) on the program's stack, in ring 0, interrupts enabled, and
 * return its value; called from call.c with interrupts off. The kernel's
 * callee-saved registers (rbp, rbx, r12-r15) are pushed on the kernel stack
 * and that stack's RSP is kept in ctx->kernel_rsp, so the trap code can
 * abandon the program at any instruction: it points the trap frame's
 * iretq at call_recover with RSP = ctx->kernel_rsp, interrupts off, and
 * call_recover pops those registers and returns to call_enter's caller as
 * if func had returned (the outcome is in ctx->outcome, the value is 0).
 * rbx holds ctx across func, which the C calling convention preserves.
 */
#define CTX_KERNEL_RSP 0x0	/* offsetof(struct call_context, kernel_rsp) */
#define CTX_ACTIVE 0x8		/* offsetof(struct call_context, active) */

	.section .text, "ax"
	.code64
	.globl call_enter
	.type call_enter, @function
call_enter:
	pushq %rbp
	movq %rsp, %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rdi, %rbx
	movq %rsp, CTX_KERNEL_RSP(%rbx)
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
	jmp call_pop
	.size call_enter, . - call_enter

/* The trap code's iretq lands here: RSP = ctx->kernel_rsp, interrupts off. */
	.globl call_recover
	.type call_recover, @function
call_recover:
	xorl %eax, %eax
call_pop:
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size call_recover, . - call_recover

	.section .note.GNU-stack, "", @progbits
