/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The memory map of hvm-kernel.
 *
 * Physical: the HRT partition is one region of guest-physical memory that
 * Linux reserved (memmap=SIZE$ADDR); its base is only known at boot. The
 * shared areas at its start (boot info, mailboxes, clock, crash records,
 * spaces, cores, call slots and their per-slot records, log ring,
 * profiles) are drawn once, in hvm/boot.h; hvm/call.h's and hvm/boot.h's
 * accessors find a record there: hvm_slot(partition(), i). The image is
 * linked relative to the partition: an ELF segment's p_paddr is its offset
 * inside the partition, and its p_vaddr is that offset plus KERNEL_VBASE.
 * The loader (hvm.ko) checks p_vaddr - p_paddr == KERNEL_VBASE for every
 * segment. From HVM_KERNEL_LINK_OFFSET on, the partition holds:
 *
 *   partition offset      contents
 *   0x200000-...          kernel image: text, rodata, data, then .bss holding
 *                           boot_stacks[64][16 KiB]   per-CPU boot stack, then the
 *                             scheduler's (sched_loop())
 *                           ist_stacks[64][5][8 KiB]   per-CPU IST stacks
 *                           thread_stacks[256][16 KiB] per-slot stack of the
 *                             slot's thread: kernel side of the call, its
 *                             system calls and forwarded faults, where it
 *                             parks while Linux serves them (thread.c)
 *                           threads[256]               per-slot thread state,
 *                             with two 3 KiB save areas of the program's
 *                             x87/SSE/AVX state (sched.c, arch/fpu.h)
 *                           heaps[16]                  per-space HRT heap page
 *                             maps, 32 KiB each (heap.c)
 *                           gdt/tss/percpu[64], the IDT, the kernel page
 *                           tables and the allocator bitmap
 *   image_end (2 MiB up)  free pages of the physical page allocator, up to
 *                         min(partition size, KERNEL_MAP_MAX); each CPU takes
 *                         one at boot for its space root (the PML4 it runs
 *                         calls on: arch/x86_64/space.c)
 *
 * Virtual. The kernel's own root maps the upper half only. A CPU running a
 * call switches to its space root, whose PML4 entries 256-511 are the
 * kernel's and entries 0-255 copies of the Linux process's (hvm_space.pml4),
 * so the program's lower half and the kernel are mapped together:
 *
 *   0x0000000000000000    the merged process's lower half, up to
 *                         HVM_LOWER_HALF_END (0x0000800000000000): mapped
 *                         only while a call runs, by Linux's own page tables
 *   0xffff800000000000    KERNEL_UNMAPPED_PROBE: never mapped (test crashes)
 *   0xffffffff7fe00000    APIC_VBASE: 2 MiB page holding the local APIC's
 *                         registers, uncached (PCD|PWT)
 *   0xffffffff80000000    KERNEL_VBASE: the partition, start to end, 2 MiB
 *                         pages, global, read-write-execute
 *   0xffffffff80200000    KERNEL_LINK: where the image is linked
 */
#ifndef HVM_MEMLAYOUT_H
#define HVM_MEMLAYOUT_H

#include <hvm/call.h> /* includes hvm/boot.h */

#define KERNEL_VBASE HVM_KERNEL_VBASE
#define KERNEL_LINK_OFFSET HVM_KERNEL_LINK_OFFSET
#define KERNEL_LINK (KERNEL_VBASE + KERNEL_LINK_OFFSET)

/* At most this much of the partition is mapped (the top 2 GiB of the address space). */
#define KERNEL_MAP_MAX 0x80000000ULL

#define APIC_VBASE 0xffffffff7fe00000ULL
#define KERNEL_UNMAPPED_PROBE 0xffff800000000000ULL

#define PAGE_SIZE 0x1000ULL
#define LARGE_PAGE_SIZE 0x200000ULL

/* Per-CPU and per-thread stacks (all in .bss). */
#define BOOT_STACK_SIZE 0x4000
#define IST_STACK_SIZE 0x2000
#define THREAD_STACK_SIZE 0x4000

/* A shared area of the partition, seen through KERNEL_VBASE. */
#define PARTITION_PTR(offset) ((void *)(KERNEL_VBASE + (offset)))

/* The partition's first byte, for the ABI's accessors: hvm_slot(partition(), i). */
static inline void *partition(void)
{
	return PARTITION_PTR(0);
}

#endif /* HVM_MEMLAYOUT_H */
