/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kprintf: formatted messages to the log ring (readable from Linux) and the
 * early console. Conversions: %c %s %d %i %u %x %p and %%, with the length
 * modifiers l, ll and z, the flags '0' and '-' and a field width
 * ("%08x", "%-16s").
 */
#ifndef HVM_PRINTK_H
#define HVM_PRINTK_H

#include "kernel.h"

#define KPRINTF_MAX 256 /* longest message; longer ones are cut */

__attribute__((format(printf, 3, 0))) int vsnprintf(char *buf, size_t size, const char *fmt,
						    va_list ap);
__attribute__((format(printf, 3, 4))) int snprintf(char *buf, size_t size, const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void kprintf(const char *fmt, ...);

#endif /* HVM_PRINTK_H */
