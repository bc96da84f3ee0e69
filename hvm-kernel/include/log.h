/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The log ring at partition offset HVM_LOG_OFFSET (kernel/log.c). */
#ifndef HVM_LOG_H
#define HVM_LOG_H

#include "kernel.h"

void log_init(void);
void log_write(const char *s, size_t len);
void log_crash_unlock(void);

#endif /* HVM_LOG_H */
