/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Each CPU's GDT and TSS (arch/x86_64/gdt.c) and the interrupt stack table.
 *
 * GDT layout, the same on every CPU:
 *   0x00  null
 *   0x08  KERNEL_CS   64-bit ring-0 code
 *   0x10  KERNEL_DS   ring-0 data (ds, es, ss)
 *   0x18  TSS_SEL     64-bit TSS, a 16-byte system descriptor (two slots)
 *   0x78  CPUNODE     Linux's per-CPU segment (GDT_ENTRY_CPUNODE): its limit
 *                     is the CPU and node number that the vDSO's getcpu
 *                     reads with LSL on selector CPUNODE | 3 (arch_set_program_cpu())
 *
 * SYSCALL loads CS = KERNEL_CS and SS = KERNEL_CS + 8 (syscall.c sets
 * MSR_STAR so), which must be KERNEL_DS. The selectors are also used by
 * assembly (syscall_entry.S), which sees only them.
 */
#ifndef HVM_ARCH_SEGMENT_H
#define HVM_ARCH_SEGMENT_H

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define TSS_SEL 0x18
#define CPUNODE_SEL 0x78
#define GDT_ENTRIES 16

#ifndef __ASSEMBLER__

#include "kernel.h"

_Static_assert(KERNEL_DS == KERNEL_CS + 8, "SYSCALL's SS is KERNEL_CS + 8");

/* IST slots (1-based, as IDT gates name them); each CPU has one stack per slot. */
#define IST_NMI 1
#define IST_DOUBLE_FAULT 2
#define IST_MACHINE_CHECK 3
#define IST_EXCEPTION 4
#define IST_IRQ 5
#define IST_NR 5

/* The 64-bit TSS: rsp0-2 at 0x04, ist[0] (IST1) at 0x24, 104 bytes. */
struct tss {
	__u32 reserved0;
	__u64 rsp[3];
	__u64 reserved1;
	__u64 ist[7];
	__u64 reserved2;
	__u16 reserved3;
	__u16 iomap_base;
} __packed;

_Static_assert(sizeof(struct tss) == 104, "64-bit TSS is 104 bytes");
_Static_assert(__builtin_offsetof(struct tss, ist) == 0x24, "IST1 at 0x24");

void gdt_init(unsigned int cpu);
void idt_init(void);
void idt_load(void);

#endif /* __ASSEMBLER__ */
#endif /* HVM_ARCH_SEGMENT_H */
