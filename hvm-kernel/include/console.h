/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Early console output of hvm-kernel (arch/x86_64/serial.c). */
#ifndef HVM_CONSOLE_H
#define HVM_CONSOLE_H

void console_write(const char *s);

#endif /* HVM_CONSOLE_H */
