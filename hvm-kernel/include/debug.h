/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The debug image's checks and messages. The build makes two images from
 * the same sources: hvm-kernel.elf (tag "default") and hvm-kernel-debug.elf
 * (tag "debug", built with HVM_KERNEL_DEBUG). In the debug image KASSERT
 * stops the CPU with a crash record when a condition hvm-kernel relies on
 * is false (hvmctl crash names the file and line), and KDEBUG writes to the
 * log ring what calls, spaces and forwarded system calls do (hvmctl log).
 * In the default image both compile to nothing (their arguments are still
 * type-checked).
 */
#ifndef HVM_DEBUG_H
#define HVM_DEBUG_H

#include "printk.h"

#ifdef HVM_KERNEL_DEBUG
#define HVM_DEBUG_IMAGE 1
#else
#define HVM_DEBUG_IMAGE 0
#endif

__noreturn void kassert_failed(const char *cond, const char *file, int line);

#define KASSERT(cond)                                                                              \
	do {                                                                                       \
		if (HVM_DEBUG_IMAGE && !(cond))                                                    \
			kassert_failed(#cond, __FILE__, __LINE__);                                 \
	} while (0)

#define KDEBUG(...)                                                                                \
	do {                                                                                       \
		if (HVM_DEBUG_IMAGE)                                                               \
			kprintf(__VA_ARGS__);                                                      \
	} while (0)

#endif /* HVM_DEBUG_H */
