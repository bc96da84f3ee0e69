/* SPDX-License-Identifier: MIT */
/*
 * Escaping hvm-kernel's log for a terminal (hvmctl log). The HRT writes
 * the log ring, and code in ring 0 there can write any bytes: printed raw,
 * an escape sequence could drive the reader's terminal. Pure (no I/O):
 * unit-tested on the host (tests/unit/test_log_escape.c).
 */
#ifndef HVMCTL_LOG_ESCAPE_H
#define HVMCTL_LOG_ESCAPE_H

#include <stddef.h>

/* The most bytes log_escape() writes for @n bytes of log. */
#define LOG_ESCAPED_MAX(n) (4 * (n))

/*
 * Copy @n bytes of log into @out: printable ASCII, newline and tab as they
 * are, every other byte (control characters, DEL, bytes from 0x80 on) as
 * \xNN with two lowercase hex digits. Writes at most LOG_ESCAPED_MAX(n)
 * bytes, no terminating NUL; returns how many.
 */
size_t log_escape(const char *in, size_t n, char *out);

#endif /* HVMCTL_LOG_ESCAPE_H */
