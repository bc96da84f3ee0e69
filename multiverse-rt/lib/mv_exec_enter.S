/* SPDX-License-Identifier: MIT */
/*
 * void mv_exec_enter(unsigned long entry, unsigned long sp)   (never returns)
 *
 * Start a program hvm-exec loaded natively on Linux (hvm-exec --native),
 * as Linux starts one after execve: FS base 0, the stack pointer at argc,
 * every general register 0 (rdx = 0: no function for the program's atexit
 * from the loader, as from Linux's).
 */
	.text
	.globl mv_exec_enter
	.hidden mv_exec_enter
	.type mv_exec_enter, @function
mv_exec_enter:
	movq %rdi, %r12
	movq %rsi, %r13
	movl $0x1002, %edi		/* ARCH_SET_FS */
	xorl %esi, %esi
	movl $158, %eax			/* arch_prctl */
	syscall
	movq %r13, %rsp
	movq %r12, %r11
	xorl %eax, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	xorl %edi, %edi
	xorl %ebp, %ebp
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r12d, %r12d
	xorl %r13d, %r13d
	xorl %r14d, %r14d
	xorl %r15d, %r15d
	jmp *%r11
	.size mv_exec_enter, . - mv_exec_enter

	.section .note.GNU-stack, "", @progbits
