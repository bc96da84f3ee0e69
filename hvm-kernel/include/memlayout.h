/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The memory map of hvm-kernel.
 *
 * Physical: the HRT partition is one region of guest-physical memory that
 * Linux reserved (memmap=SIZE$ADDR); its base is only known at boot. The
 * image is therefore linked relative to the partition: an ELF segment's
 * p_paddr is its offset inside the partition, and its p_vaddr is that offset
 * plus KERNEL_VBASE. The loader (hvm.ko) checks p_vaddr - p_paddr ==
 * KERNEL_VBASE for every segment. The shared areas are hvm/boot.h's and
 * hvm/call.h's.
 *
 *   partition offset      contents
 *   0x000000              struct hvm_boot_info (module writes, HRT publishes cpus[].state)
 *   0x001000-0x00ffff     boot page tables (module's; unused once each CPU loads its own)
 *   0x010000              struct hvm_mailbox[64], one per CPU
 *   0x018000              struct hvm_clock (Linux writes; hvm/clock.h)
 *   0x020000              struct hvm_crash_record slots, 2 KiB per CPU
 *   0x040000              struct hvm_space[16], a 4 KiB page each (Linux writes; hvm/call.h)
 *   0x050000              struct hvm_core[64], 64 bytes each (both write their own fields)
 *   0x060000              struct hvm_call_slot[256], 64 bytes each
 *   0x064000              struct hvm_forward[256], 64 bytes each, one per slot
 *   0x068000              struct hvm_regs[256], 160 bytes each, one per slot
 *   0x080000-0x0fffff     struct hvm_crash_record per call slot, 2 KiB each (HRT writes)
 *   0x100000-0x1bffff     struct hvm_log_ring
 *   0x1c0000-0x1fffff     struct hvm_profile_entry[512] per space, 16 KiB each
 *                           (HRT adds, Linux zeroes at merge; hvm/profile.h)
 *   0x200000-...          kernel image: text, rodata, data, then .bss holding
 *                           boot_stacks[64][16 KiB]   per-CPU boot stack, then the
 *                             scheduler's (call_loop())
 *                           ist_stacks[64][5][8 KiB]   per-CPU IST stacks
 *                           call_stacks[256][16 KiB]   per-slot stack of the
 *                             call's thread: kernel side of the call, its
 *                             system calls and forwarded faults, where it
 *                             parks while Linux serves them (thread.c)
 *                           threads[256]               per-slot thread state,
 *                             with the program's x87/SSE state (sched.c)
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
 *                         USER_HALF_END (0x0000800000000000): mapped only
 *                         while a call runs, by Linux's own page tables
 *   0xffff800000000000    KERNEL_UNMAPPED_PROBE: never mapped (test crashes)
 *   0xffffffff7fe00000    APIC_VBASE: 2 MiB page holding the local APIC's
 *                         registers, uncached (PCD|PWT)
 *   0xffffffff80000000    KERNEL_VBASE: the partition, start to end, 2 MiB
 *                         pages, global, read-write-execute
 *   0xffffffff80200000    KERNEL_LINK: where the image is linked
 */
#ifndef HVM_MEMLAYOUT_H
#define HVM_MEMLAYOUT_H

#include <hvm/boot.h>

#define KERNEL_VBASE HVM_KERNEL_VBASE
#define KERNEL_LINK_OFFSET HVM_KERNEL_LINK_OFFSET
#define KERNEL_LINK (KERNEL_VBASE + KERNEL_LINK_OFFSET)

/* At most this much of the partition is mapped (the top 2 GiB of the address space). */
#define KERNEL_MAP_MAX 0x80000000ULL

#define USER_HALF_END 0x0000800000000000ULL
#define APIC_VBASE 0xffffffff7fe00000ULL
#define KERNEL_UNMAPPED_PROBE 0xffff800000000000ULL

#define PAGE_SIZE 0x1000ULL
#define LARGE_PAGE_SIZE 0x200000ULL

/* Per-CPU and per-call stacks (all in .bss). */
#define BOOT_STACK_SIZE 0x4000
#define IST_STACK_SIZE 0x2000
#define CALL_STACK_SIZE 0x4000

/* A shared area of the partition, seen through KERNEL_VBASE. */
#define PARTITION_PTR(offset) ((void *)(KERNEL_VBASE + (offset)))

#endif /* HVM_MEMLAYOUT_H */
