// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kprintf and the small formatter behind it (see printk.h for what it
 * understands). Messages go to the log ring and the early console in one
 * piece (log.c), so lines from different CPUs never interleave.
 */
#include "kernel.h"
#include "log.h"
#include "printk.h"

/* Output so far: bytes past size are counted but dropped, as snprintf does. */
struct fmt_out {
	char *buf;
	size_t size;
	size_t len;
};

/* One conversion's flags: "%08llx" is zero_pad, width 8, two longs. */
struct fmt_spec {
	bool zero_pad;
	bool left; /* "-": pad with spaces on the right */
	unsigned int width;
	unsigned int longs;
};

static void out_char(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct fmt_out *o, char c, unsigned int used, unsigned int width)
{
	for (; used < width; used++)
		out_char(o, c);
}

static void out_number(struct fmt_out *o, unsigned long long v, unsigned int base, bool negative,
		       const struct fmt_spec *s)
{
	bool zeros = s->zero_pad && !s->left;
	char digits[24];
	unsigned int n = 0, used;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	used = n + negative;
	if (negative && zeros)
		out_char(o, '-');
	if (!s->left)
		out_pad(o, zeros ? '0' : ' ', used, s->width);
	if (negative && !zeros)
		out_char(o, '-');
	while (n)
		out_char(o, digits[--n]);
	if (s->left)
		out_pad(o, ' ', used, s->width);
}

static void out_string(struct fmt_out *o, const char *str, const struct fmt_spec *s)
{
	unsigned int len;

	if (!str)
		str = "(null)";
	len = strlen(str);
	if (!s->left)
		out_pad(o, ' ', len, s->width);
	while (*str)
		out_char(o, *str++);
	if (s->left)
		out_pad(o, ' ', len, s->width);
}

static const char *parse_spec(const char *p, struct fmt_spec *s)
{
	*s = (struct fmt_spec){0};
	for (;; p++) {
		if (*p == '0')
			s->zero_pad = true;
		else if (*p == '-')
			s->left = true;
		else
			break;
	}
	while (*p >= '0' && *p <= '9')
		s->width = s->width * 10 + (unsigned int)(*p++ - '0');
	for (; *p == 'l' || *p == 'z'; p++)
		s->longs++;
	return p;
}

static unsigned long long arg_unsigned(va_list *ap, unsigned int longs)
{
	if (longs >= 2)
		return va_arg(*ap, unsigned long long);
	if (longs == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static long long arg_signed(va_list *ap, unsigned int longs)
{
	if (longs >= 2)
		return va_arg(*ap, long long);
	if (longs == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

static void out_conversion(struct fmt_out *o, char c, struct fmt_spec *s, va_list *ap)
{
	long long v;

	switch (c) {
	case 'd':
	case 'i':
		v = arg_signed(ap, s->longs);
		out_number(o, v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10, v < 0, s);
		break;
	case 'u':
		out_number(o, arg_unsigned(ap, s->longs), 10, false, s);
		break;
	case 'x':
		out_number(o, arg_unsigned(ap, s->longs), 16, false, s);
		break;
	case 'p':
		*s = (struct fmt_spec){.zero_pad = true, .width = 16};
		out_string(o, "0x", &(struct fmt_spec){0});
		out_number(o, (uintptr_t)va_arg(*ap, void *), 16, false, s);
		break;
	case 's':
		out_string(o, va_arg(*ap, const char *), s);
		break;
	case 'c':
		out_char(o, (char)va_arg(*ap, int));
		break;
	default: /* "%%", or an unknown conversion printed as is */
		if (c != '%')
			out_char(o, '%');
		out_char(o, c);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_out o = {.buf = buf, .size = size};
	struct fmt_spec s;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &s);
		if (!*fmt)
			break;
		out_conversion(&o, *fmt++, &s, &args);
	}
	va_end(args);
	if (size)
		buf[MIN(o.len, size - 1)] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void kprintf(const char *fmt, ...)
{
	char buf[KPRINTF_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_write(buf, MIN((size_t)n, sizeof(buf) - 1));
}
