/* SPDX-License-Identifier: MIT */
/*
 * long mv_syscall_cp(long nr, const long args[6])
 *
 * A forwarded system call that a signal can cancel before it starts. The
 * relay (signal.c) queues a signal for the HRT thread while the partner is
 * here; if the partner has not yet entered the kernel, or Linux rewound it
 * to the `syscall` to make it again, waiting in the call now could wait
 * for ever for a signal that came already. The relay then moves the
 * partner to mv_syscall_cp_cancel, which returns -HVM_FORWARD_RESTART:
 * hvm-kernel enters the handler and makes the call again after it. Between
 * mv_syscall_cp and the `syscall` nothing touches the stack, so a `ret`
 * from there returns to the caller.
 */
#include <hvm/signal.h>

	.text
	.globl mv_syscall_cp, mv_syscall_cp_insn, mv_syscall_cp_cancel
	.hidden mv_syscall_cp, mv_syscall_cp_insn, mv_syscall_cp_cancel
	.type mv_syscall_cp, @function
mv_syscall_cp:
	movq %rdi, %rax
	movq %rsi, %r11
	movq 0(%r11), %rdi
	movq 8(%r11), %rsi
	movq 16(%r11), %rdx
	movq 24(%r11), %r10
	movq 32(%r11), %r8
	movq 40(%r11), %r9
mv_syscall_cp_insn:
	syscall
	ret
mv_syscall_cp_cancel:
	movq $-HVM_FORWARD_RESTART, %rax
	ret
	.size mv_syscall_cp, . - mv_syscall_cp

	.section .note.GNU-stack, "", @progbits
