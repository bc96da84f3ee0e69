/* SPDX-License-Identifier: MIT */
/*
 * void mv_resume_native(const struct hvm_regs *r)   (never returns)
 *
 * Continue a program thread natively on Linux from the registers it had at
 * a `syscall` on the HRT: the child of a fork, vfork or posix_spawn made on
 * the HRT. FS base first (arch_prctl), then every register; rax = 0 (the
 * child's return value), rcx = rip as after a real syscall, and the jump
 * goes through r11, which `syscall` clobbers anyway, so nothing is written
 * below the program's stack pointer (its red zone stays intact).
 * struct hvm_regs: regs[15] rax rbx rcx rdx rsi rdi rbp r8-r15 at 0x00-0x70,
 * rip 0x78, rsp 0x80, rflags 0x88, fs_base 0x90.
 */
	.text
	.globl mv_resume_native
	.hidden mv_resume_native
	.type mv_resume_native, @function
mv_resume_native:
	movq %rdi, %r12
	movq 0x90(%r12), %rsi
	movl $0x1002, %edi		/* ARCH_SET_FS */
	movl $158, %eax			/* arch_prctl */
	syscall
	movq %r12, %rdi
	movq 0x78(%rdi), %r11		/* rip */
	movq %r11, %rcx
	movq 0x08(%rdi), %rbx
	movq 0x18(%rdi), %rdx
	movq 0x20(%rdi), %rsi
	movq 0x30(%rdi), %rbp
	movq 0x38(%rdi), %r8
	movq 0x40(%rdi), %r9
	movq 0x48(%rdi), %r10
	movq 0x58(%rdi), %r12
	movq 0x60(%rdi), %r13
	movq 0x68(%rdi), %r14
	movq 0x70(%rdi), %r15
	movq 0x80(%rdi), %rsp
	movq 0x28(%rdi), %rdi
	xorl %eax, %eax
	jmp *%r11
	.size mv_resume_native, . - mv_resume_native

	.section .note.GNU-stack, "", @progbits
