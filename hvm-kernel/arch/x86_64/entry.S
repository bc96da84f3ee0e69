/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * 64-bit entry of hvm-kernel. The loader enters here in long mode, on page
 * tables that map the partition at KERNEL_VBASE, with interrupts off.
 * Until the boot handshake exists the kernel takes a boot stack of its own,
 * calls kernel_main() and halts.
 */
	.section .text.entry, "ax"
	.globl _start
	.code64
_start:
	cli
	leaq boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp
	call kernel_main
1:	hlt
	jmp 1b

	.section .bss
	.balign 16
boot_stack:
	.skip 16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
