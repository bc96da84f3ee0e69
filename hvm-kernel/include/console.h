/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Early console output of hvm-kernel (arch/x86_64/serial.c). */
#ifndef HVM_CONSOLE_H
#define HVM_CONSOLE_H

#include "kernel.h"

void console_write(const char *s, size_t len);

#endif /* HVM_CONSOLE_H */
