/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The basics every hvm-kernel file uses: fixed-size types (the ABI's), the
 * few standard names a freestanding build without any system header lacks,
 * Linux's numbers and constants (linux_abi.h, generated at build time from
 * Linux's headers by tools/gen-linux-abi.sh: include/linux_abi.list names
 * them), and small helpers.
 */
#ifndef HVM_KERNEL_H
#define HVM_KERNEL_H

#include <hvm/types.h>

#include "linux_abi.h"

typedef unsigned long size_t;
typedef unsigned long uintptr_t;
typedef _Bool bool;

#define true 1
#define false 0
#define NULL ((void *)0)

typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)
#define va_copy(dst, src) __builtin_va_copy(dst, src)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + (a)-1) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define __noreturn __attribute__((noreturn))
#define __aligned(n) __attribute__((aligned(n)))
#define __packed __attribute__((packed))
#define __unused __attribute__((unused))

/* Linker-script symbols: the image and its .bss. */
extern char _kernel_start[], __bss_start[], __bss_end[], _kernel_end[];

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif /* HVM_KERNEL_H */
