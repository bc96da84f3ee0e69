/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * 64-bit entry of hvm-kernel, per the entry contract of hvm/boot.h: long
 * mode, interrupts off, RDI = struct hvm_boot_info *, RSI = this CPU's index
 * in boot_info->cpus[], no usable stack. Each CPU takes its own boot stack,
 * boot_stacks[RSI] (percpu.c), and calls kernel_main(boot_info, cpu).
 * .bss is already zero: the loader zeroes every segment past its file bytes
 * (hvm/boot.h, entry contract).
 */
	.section .text.entry, "ax"
	.globl _start
	.type _start, @function
	.code64
_start:
	cli
	cld
	cmpq boot_stack_count(%rip), %rsi
	jae halt			/* no stack for this index: stop quietly */
	leaq 1(%rsi), %rax		/* stack top = boot_stacks + (cpu + 1) * size */
	imulq boot_stack_size(%rip), %rax
	leaq boot_stacks(%rip), %rsp
	addq %rax, %rsp
	xorl %ebp, %ebp			/* ends frame-pointer backtraces */
	call kernel_main
halt:
	cli
	hlt
	jmp halt
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
