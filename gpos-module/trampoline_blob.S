/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The real-mode trampoline: copied by trampoline.c to the reserved page
 * below 1 MiB; an HRT CPU starts here after INIT and SIPI (CS = page >> 4,
 * IP = 0). It clears CR0.CD/NW (INIT leaves them set; TCG ignores caching,
 * KVM and hardware do not), goes to protected mode, enables PAE, long mode
 * and NX, loads the boot page tables and jumps to the kernel's 64-bit entry
 * with RDI = boot info and RSI = CPU index (contract: hvm/boot.h).
 *
 * Until the kernel loads its own IDT, an exception would find the IDT INIT
 * left (real-mode vectors at address 0) and end in a triple fault, which
 * resets the whole VM, Linux included. So the trampoline gives the kernel a
 * stack (the top of this page) and an IDT of its own: each of the 32
 * exception vectors notes its number and the faulting RIP here for hvm.ko
 * (boot.c reports "faulted at entry") and stops the CPU. NMIs return.
 *
 * With hvm_tramp_park set, a started CPU goes nowhere: it counts itself in
 * hvm_tramp_parked and halts. That is how hvm.ko sees a CPU it stopped with
 * INIT really stopped (boot.c, hvm_boot_stop_cpus): an INIT alone leaves no
 * trace, but a CPU can only run this after it took the INIT.
 *
 * This is data for hvm.ko, never executed in Linux: it lives in .rodata and
 * trampoline.c fills the fields marked "patched" in the copy.
 */
#define CR0_PE 0x00000001
#define CR0_NW 0x20000000
#define CR0_CD 0x40000000
#define CR0_PG 0x80000000
#define CR4_PAE 0x00000020
#define MSR_EFER 0xc0000080
#define EFER_LME 0x00000100
#define EFER_NXE 0x00000800
#define SEL_CODE32 0x08
#define SEL_DATA 0x10
#define SEL_CODE64 0x18
#define TRAMP_PAGE_SIZE 4096
#define NR_EXCEPTIONS 32
/* The vectors whose frame carries an error code: 8, 10-14, 17, 21, 29, 30. */
#define ERROR_CODE_VECTORS 0x60227d00
#define VECTOR_NMI 2

#define OFF(sym) (sym - hvm_trampoline_start)

	.section .rodata, "a"
	.balign 16
	.globl hvm_trampoline_start, hvm_trampoline_end
	.globl hvm_tramp_gdt, hvm_tramp_gdt_desc, hvm_tramp_pm_jump, hvm_tramp_lm_jump
	.globl hvm_tramp_pm_entry, hvm_tramp_lm_entry
	.globl hvm_tramp_cr3, hvm_tramp_entry, hvm_tramp_boot_info, hvm_tramp_cpu_index
	.globl hvm_tramp_idt, hvm_tramp_idt_desc, hvm_tramp_stubs
	.globl hvm_tramp_fault_vector, hvm_tramp_fault_rip, hvm_tramp_park, hvm_tramp_parked

	.code16
hvm_trampoline_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	cmpl $0, OFF(hvm_tramp_park)
	jne .Ltramp_park
	xorl %ebx, %ebx
	movw %ax, %bx
	shll $4, %ebx			/* ebx: linear address of this page */
	lgdtl OFF(hvm_tramp_gdt_desc)
	movl %cr0, %eax
	andl $~(CR0_CD | CR0_NW), %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	ljmpl *OFF(hvm_tramp_pm_jump)

	/* Parked: count this CPU in, for hvm.ko, and stay here until the next INIT. */
.Ltramp_park:
	lock incl OFF(hvm_tramp_parked)
1:	hlt
	jmp 1b

	.code32
hvm_tramp_pm_entry:
	movw $SEL_DATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw %ax, %fs
	movw %ax, %gs
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl OFF(hvm_tramp_cr3)(%ebx), %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $(EFER_LME | EFER_NXE), %eax
	wrmsr
	movl %cr0, %eax
	orl $(CR0_PG | CR0_PE), %eax
	movl %eax, %cr0
	ljmpl *OFF(hvm_tramp_lm_jump)(%ebx)

	.code64
hvm_tramp_lm_entry:
	movl %ebx, %ebx			/* upper half of rbx is undefined here */
	xorl %eax, %eax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw %ax, %fs
	movw %ax, %gs
	leaq TRAMP_PAGE_SIZE(%rbx), %rsp	/* for an exception before the kernel's own */
	lidt OFF(hvm_tramp_idt_desc)(%rbx)
	movq OFF(hvm_tramp_boot_info)(%rbx), %rdi
	movl OFF(hvm_tramp_cpu_index)(%rbx), %esi
	movq OFF(hvm_tramp_entry)(%rbx), %rax
	jmp *%rax

	/* One 8-byte stub per exception vector: push the vector, go on below. */
	.balign 8
hvm_tramp_stubs:
	.set vec, 0
	.rept NR_EXCEPTIONS
	.balign 8
	pushq $vec
	jmp .Ltramp_fault
	.set vec, vec + 1
	.endr
.Ltramp_fault:
	popq %rax			/* the vector */
	cmpl $VECTOR_NMI, %eax
	je .Ltramp_nmi
	movq (%rsp), %rdx		/* the RIP, unless an error code came first */
	movl $ERROR_CODE_VECTORS, %ecx
	btl %eax, %ecx
	jnc 1f
	movq 8(%rsp), %rdx
1:	movq %rdx, .Ltramp_fault_rip(%rip)
	incl %eax
	movl %eax, .Ltramp_fault_vector(%rip)	/* vector + 1, after the RIP */
2:	cli
	hlt
	jmp 2b
.Ltramp_nmi:
	iretq

	.balign 8
hvm_tramp_gdt:
	.quad 0				/* null */
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit code, flat */
	.quad 0x00cf92000000ffff	/* 0x10: data, flat */
	.quad 0x00af9a000000ffff	/* 0x18: 64-bit code */
hvm_tramp_gdt_end:
hvm_tramp_gdt_desc:
	.word hvm_tramp_gdt_end - hvm_tramp_gdt - 1
	.long 0				/* patched: linear address of the GDT */
hvm_tramp_pm_jump:
	.long 0				/* patched: linear address of pm_entry */
	.word SEL_CODE32
hvm_tramp_lm_jump:
	.long 0				/* patched: linear address of lm_entry */
	.word SEL_CODE64
	.balign 8
hvm_tramp_cr3:
	.quad 0				/* patched: boot page tables, below 4 GiB */
hvm_tramp_entry:
	.quad 0				/* patched: the kernel's 64-bit entry */
hvm_tramp_boot_info:
	.quad 0				/* patched: boot info, kernel virtual */
hvm_tramp_cpu_index:
	.long 0				/* patched before each CPU is started */
hvm_tramp_park:
	.long 0				/* patched: non-zero sends a started CPU to the park loop */
hvm_tramp_parked:
	.long 0				/* CPUs that reached the park loop */
hvm_tramp_fault_vector:
.Ltramp_fault_vector:
	.long 0				/* written by a faulting CPU: vector + 1 */
	.balign 8
hvm_tramp_fault_rip:
.Ltramp_fault_rip:
	.quad 0				/* written by a faulting CPU: where */
hvm_tramp_idt_desc:
	.word NR_EXCEPTIONS * 16 - 1
	.quad 0				/* patched: linear address of the IDT */
	.balign 16
hvm_tramp_idt:
	.fill NR_EXCEPTIONS * 16, 1, 0	/* patched: one interrupt gate per stub */
hvm_trampoline_end:

	.section .note.GNU-stack, "", @progbits
