// SPDX-License-Identifier: GPL-2.0
/*
 * The shape rules of a partition layout (alignment, bounds, overlap), apart
 * from what only the running kernel can tell (is it RAM, is it reserved),
 * which partition.c checks. Compiled into hvm.ko and the host unit tests.
 */
#include "hvm_pure.h"
#include "hvm_layout.h"

static int parse_number(const char **s, __u64 *out)
{
	const char *p = *s;
	unsigned int base = 10, digit;
	__u64 v = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	for (*s = p;; p++) {
		if (*p >= '0' && *p <= '9')
			digit = (unsigned int)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			digit = (unsigned int)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			digit = (unsigned int)(*p - 'A' + 10);
		else
			break;
		if (v > (~0ULL - digit) / base)
			return -1; /* overflow */
		v = v * base + digit;
	}
	if (p == *s)
		return -1;
	*s = p;
	*out = v;
	return 0;
}

int hvm_layout_parse_mem(const char *arg, __u64 *size, __u64 *base)
{
	unsigned int shift = 0;

	if (!arg || parse_number(&arg, size))
		return -1;
	switch (*arg) {
	case 'K':
	case 'k':
		shift = 10;
		arg++;
		break;
	case 'M':
	case 'm':
		shift = 20;
		arg++;
		break;
	case 'G':
	case 'g':
		shift = 30;
		arg++;
		break;
	}
	if (*size > (~0ULL >> shift))
		return -1;
	*size <<= shift;
	if (*arg++ != '@' || parse_number(&arg, base) || *arg)
		return -1;
	return 0;
}

int hvm_layout_overlap(__u64 a, __u64 asize, __u64 b, __u64 bsize)
{
	return asize && bsize && a < b + bsize && b < a + asize;
}

const char *hvm_layout_trampoline_problem(__u64 addr)
{
	if (!addr)
		return "no trampoline page given";
	if (addr & (LAYOUT_PAGE_SIZE - 1))
		return "the trampoline address is not page aligned";
	if (addr + LAYOUT_PAGE_SIZE > LAYOUT_LOW_MEMORY_END)
		return "the trampoline page is not below 1 MiB, where SIPI can start a CPU";
	return 0;
}

const char *hvm_layout_mem_problem(__u64 base, __u64 size, __u64 trampoline)
{
	if (!size)
		return "the HRT memory is empty";
	if ((base | size) & (LAYOUT_SIZE_2M - 1))
		return "the HRT memory is not 2 MiB aligned in base and size";
	if (base + size < base)
		return "the HRT memory wraps around the address space";
	if (hvm_layout_overlap(base, size, trampoline, LAYOUT_PAGE_SIZE))
		return "the HRT memory overlaps the trampoline page";
	return 0;
}
