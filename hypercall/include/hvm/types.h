/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The types shim of the hvm ABI: every shared header uses only __u8..__u64
 * and __s32/__s64, defined here for each environment:
 *   - hvm.ko (__KERNEL__) takes Linux's own from <linux/types.h>;
 *   - hvm-kernel (freestanding) and multiverse-rt (musl, which ships no
 *     <linux/types.h>) get identical definitions here. They match Linux's
 *     exactly, so a program that also includes Linux's UAPI headers gets a
 *     compatible redefinition, which C11 allows.
 * An assembly file may include an ABI header for its constants: the
 * headers keep their C declarations under #ifndef __ASSEMBLER__.
 */
#ifndef HVM_TYPES_H
#define HVM_TYPES_H

#if defined(__ASSEMBLER__)
/* Assembly includes ABI headers for their constants only. */
#elif defined(__KERNEL__)
#include <linux/types.h>
#else
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed int __s32;
typedef signed long long __s64;
#endif

#endif /* HVM_TYPES_H */
