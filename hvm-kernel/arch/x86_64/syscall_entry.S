/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The `syscall` instruction of a call's code (ring 0 to ring 0; MSR_LSTAR
 * points here, syscall.c). The CPU has put the return address in RCX and
 * RFLAGS in R11, cleared IF, TF, DF, AC and NT (MSR_SFMASK) and left RSP
 * alone: it is still the program's, with a red zone below it that must not
 * be touched. So RSP goes to %gs:PCPU_USER_RSP first, the running call's
 * own stack is loaded (below its kernel_rsp, arch/thread.h), and a struct
 * trap_frame (arch/trap.h) is built on it as if the CPU had pushed an
 * interrupt frame: ss, rsp = the program's, rflags = R11, cs, rip = RCX,
 * then error code 0, vector TRAP_VECTOR_SYSCALL and the general registers.
 * syscall_dispatch() puts the result in the frame's rax; the return
 * restores every other register as it was (RCX and R11 hold the return
 * address and RFLAGS again, as after Linux's sysret) and iretq goes back
 * to the program on its own stack: sysret cannot return to ring 0. A
 * system call Linux makes parks the call's thread on this stack meanwhile
 * (kernel/sched.c); an abort request then ends the call there, abandoning
 * the stack (kernel/slot.c).
 */
#include "arch/frame.h"
#include "arch/segment.h"

#define PCPU_USER_RSP 0x08	/* offsetof(struct percpu, arch.syscall.user_rsp) */
#define PCPU_STACK_TOP 0x10	/* offsetof(struct percpu, arch.syscall.stack_top) */
#define TRAP_VECTOR_SYSCALL 0x100	/* arch/trap.h */

	.section .text, "ax"
	.code64
	.globl syscall_entry
	.type syscall_entry, @function
syscall_entry:
	movq %rsp, %gs:PCPU_USER_RSP
	movq %gs:PCPU_STACK_TOP, %rsp
	pushq $KERNEL_DS		/* ss */
	pushq %gs:PCPU_USER_RSP		/* rsp */
	pushq %r11			/* rflags */
	pushq $KERNEL_CS		/* cs */
	pushq %rcx			/* rip */
	pushq $0			/* error code */
	pushq $TRAP_VECTOR_SYSCALL
	SAVE_GENERAL_REGS
	/* 16-byte aligned for the call: 24 pushes below an aligned top. */
	CALL_WITH_FRAME syscall_dispatch
	RESTORE_REGS_AND_IRET
	.size syscall_entry, . - syscall_entry

/*
 * size_t uaccess_copy(void *dst, const void *src, size_t n): copy n bytes
 * between hvm-kernel and a lower-half address of the call's program,
 * either way (uaccess.c); returns the bytes NOT copied. The trap code
 * knows uaccess_insn: a page fault there is forwarded like the program's
 * own and the string copy restarts where it stopped; one Linux refuses
 * resumes at uaccess_fixup with RCX = the bytes left. DF is clear
 * (MSR_SFMASK, and the C convention).
 */
	.globl uaccess_copy
	.type uaccess_copy, @function
uaccess_copy:
	movq %rdx, %rcx
	.globl uaccess_insn
uaccess_insn:
	rep movsb
	.globl uaccess_fixup
	.type uaccess_fixup, @function
uaccess_fixup:
	movq %rcx, %rax
	ret
	.size uaccess_copy, . - uaccess_copy

/*
 * size_t uaccess_copy_nofault(void *dst, const void *src, size_t n): the
 * same for a caller that holds a spinlock, which must not wait for Linux:
 * a page fault at uaccess_nofault_insn is never forwarded, the copy stops
 * at once (uaccess_nofault_fixup). The caller touches the memory with
 * uaccess_copy first, and tries again if it went away meanwhile.
 */
	.globl uaccess_copy_nofault
	.type uaccess_copy_nofault, @function
uaccess_copy_nofault:
	movq %rdx, %rcx
	.globl uaccess_nofault_insn
uaccess_nofault_insn:
	rep movsb
	.globl uaccess_nofault_fixup
uaccess_nofault_fixup:
	movq %rcx, %rax
	ret
	.size uaccess_copy_nofault, . - uaccess_copy_nofault

/*
 * size_t uaccess_clear(void *dst, size_t words): zero that many 8-byte
 * words at a lower-half address of the call's program (the HRT heap's
 * freed pages); returns the words NOT zeroed. Its store, uaccess_clear_insn,
 * faults like uaccess_insn (the trap code knows both) and ends the same
 * way, through uaccess_fixup with RCX = the words left.
 */
	.globl uaccess_clear
	.type uaccess_clear, @function
uaccess_clear:
	movq %rsi, %rcx
	xorl %eax, %eax
	.globl uaccess_clear_insn
uaccess_clear_insn:
	rep stosq
	jmp uaccess_fixup
	.size uaccess_clear, . - uaccess_clear

	.section .note.GNU-stack, "", @progbits
