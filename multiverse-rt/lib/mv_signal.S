/* SPDX-License-Identifier: MIT */
/*
 * void mv_signal_return(void)   (never returns)
 *
 * The restorer of the runtime's relay handler on Linux (signal.c): the
 * relay returns here, on its signal frame, and rt_sigreturn takes Linux
 * back to where the partner thread was.
 */
	.text
	.globl mv_signal_return
	.hidden mv_signal_return
	.type mv_signal_return, @function
mv_signal_return:
	movl $15, %eax			/* rt_sigreturn */
	syscall
	ud2
	.size mv_signal_return, . - mv_signal_return

	.section .note.GNU-stack, "", @progbits
