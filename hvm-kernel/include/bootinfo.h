/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The boot information hvm.ko left at partition offset 0 (hvm/boot.h).
 * CPU 0 sets the pointer before anything can fault; it never changes.
 */
#ifndef HVM_BOOTINFO_H
#define HVM_BOOTINFO_H

#include <hvm/boot.h>

extern struct hvm_boot_info *boot_info;

#endif /* HVM_BOOTINFO_H */
