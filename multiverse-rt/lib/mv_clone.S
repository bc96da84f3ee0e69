/* SPDX-License-Identifier: MIT */
/*
 * long mv_clone(unsigned long flags, void *stack, int *ptid, int *ctid,
 *               unsigned long tls, void (*fn)(void *), void *arg)
 *
 * clone(2) with a child that runs fn(arg) on stack and then exits the
 * thread: the partner Linux thread of a new HRT thread. Returns the child's
 * tid or -errno in the parent. The child never returns here.
 */
	.text
	.globl mv_clone
	.hidden mv_clone
	.type mv_clone, @function
mv_clone:
	movq 8(%rsp), %rax		/* arg */
	andq $-16, %rsi
	subq $16, %rsi
	movq %r9, (%rsi)		/* the child pops fn ... */
	movq %rax, 8(%rsi)		/* ... then arg */
	movq %rcx, %r10			/* clone(flags, stack, ptid, ctid, tls) */
	movl $56, %eax
	syscall
	testq %rax, %rax
	jnz 1f
	xorl %ebp, %ebp			/* child: on its own stack */
	popq %rax
	popq %rdi
	call *%rax
	xorl %edi, %edi
	movl $60, %eax			/* exit(0): this thread only */
	syscall
	hlt
1:	ret
	.size mv_clone, . - mv_clone

	.section .note.GNU-stack, "", @progbits
