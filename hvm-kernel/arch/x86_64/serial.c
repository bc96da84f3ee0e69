// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Early console: the second 16550 UART (COM2, I/O port 0x2f8). Linux keeps
 * COM1 as its console; the domain XML sends COM2 to its own log file, so the
 * specialized kernel's early output never mixes with Linux's.
 */
#include "console.h"

#define COM2 0x2f8
#define UART_THR 0 /* transmit holding register */
#define UART_LSR 5 /* line status register */
#define UART_LSR_THRE 0x20 /* transmitter holding register empty */

static inline void outb(unsigned short port, unsigned char v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline unsigned char inb(unsigned short port)
{
	unsigned char v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void serial_putc(char c)
{
	int spins = 100000;

	while (!(inb(COM2 + UART_LSR) & UART_LSR_THRE) && --spins)
		__asm__ volatile("pause");
	outb(COM2 + UART_THR, (unsigned char)c);
}

/* Callers serialize (log.c holds its lock around every message). */
void console_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}
