/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The memory map of hvm-kernel.
 *
 * Physical: the HRT partition is one region of guest-physical memory that
 * Linux reserved (memmap=SIZE$ADDR); its base is only known at boot. The
 * image is therefore linked relative to the partition: an ELF segment's
 * p_paddr is its offset inside the partition, and its p_vaddr is that offset
 * plus KERNEL_VBASE. The loader (hvm.ko) checks p_vaddr - p_paddr ==
 * KERNEL_VBASE for every segment.
 *
 *   partition offset      contents
 *   0x000000-0x1fffff     boot area: boot information, boot page tables
 *   0x200000-...          kernel image (text, rodata, data, bss)
 *   after the image       free pages for the physical allocator
 *
 * Virtual (upper half only; the lower half belongs to the Linux process
 * whose address space is merged in):
 *
 *   0xffffffff80000000    KERNEL_VBASE: the partition, start to end
 *   0xffffffff80200000    KERNEL_LINK: where the image is linked
 */
#ifndef HVM_MEMLAYOUT_H
#define HVM_MEMLAYOUT_H

#define KERNEL_VBASE 0xffffffff80000000
#define KERNEL_LINK_OFFSET 0x200000
#define KERNEL_LINK (KERNEL_VBASE + KERNEL_LINK_OFFSET)

#endif /* HVM_MEMLAYOUT_H */
