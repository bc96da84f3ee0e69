// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the partition layout rules shared with hvm.ko (layout.c). */
#include <criterion/criterion.h>

#include "hvm_layout.h"

Test(layout_parse, size_suffixes_and_hex_address)
{
	__u64 size, base;

	cr_assert_eq(hvm_layout_parse_mem("512M@0x40000000", &size, &base), 0);
	cr_assert_eq(size, 512ULL << 20);
	cr_assert_eq(base, 0x40000000ULL);
	cr_assert_eq(hvm_layout_parse_mem("2G@4294967296", &size, &base), 0);
	cr_assert_eq(size, 2ULL << 30);
	cr_assert_eq(base, 1ULL << 32);
	cr_assert_eq(hvm_layout_parse_mem("64k@0X1000", &size, &base), 0);
	cr_assert_eq(size, 64ULL << 10);
	cr_assert_eq(base, 0x1000ULL);
}

Test(layout_parse, rejects_malformed)
{
	const char *bad[] = {"",
			     "512M",
			     "@0x1000",
			     "512M@",
			     "512X@0x1000",
			     "512M@0x1000junk",
			     "M@0x1000",
			     "99999999999999999999@0",
			     "17179869184G@0"};
	__u64 size, base;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_neq(hvm_layout_parse_mem(bad[i], &size, &base), 0, "accepted '%s'",
			      bad[i]);
	cr_expect_neq(hvm_layout_parse_mem(NULL, &size, &base), 0);
}

Test(layout_overlap, touching_ranges_do_not_overlap)
{
	cr_assert(!hvm_layout_overlap(0x1000, 0x1000, 0x2000, 0x1000));
	cr_assert(!hvm_layout_overlap(0x2000, 0x1000, 0x1000, 0x1000));
	cr_assert(hvm_layout_overlap(0x1000, 0x1001, 0x2000, 0x1000));
	cr_assert(hvm_layout_overlap(0x0, 0x10000, 0x2000, 0x10));
	cr_assert(!hvm_layout_overlap(0x1000, 0, 0x1000, 0x1000));
}

Test(layout_trampoline, must_be_one_aligned_page_below_1mib)
{
	cr_assert_null(hvm_layout_trampoline_problem(0x70000));
	cr_assert_null(hvm_layout_trampoline_problem(0xff000));
	cr_assert_not_null(hvm_layout_trampoline_problem(0));
	cr_assert_not_null(hvm_layout_trampoline_problem(0x70010));
	cr_assert_not_null(hvm_layout_trampoline_problem(0x100000));
}

Test(layout_mem, shape_rules)
{
	cr_assert_null(hvm_layout_mem_problem(0x40000000, 512ULL << 20, 0x70000));
	cr_assert_not_null(hvm_layout_mem_problem(0x40000000, 0, 0x70000));
	cr_assert_not_null(hvm_layout_mem_problem(0x40001000, 512ULL << 20, 0x70000));
	cr_assert_not_null(hvm_layout_mem_problem(0x40000000, (512ULL << 20) + 4096, 0x70000));
	cr_assert_not_null(hvm_layout_mem_problem(0x0, 2ULL << 20, 0x70000));
	cr_assert_not_null(
		hvm_layout_mem_problem(~0ULL - (2ULL << 20) + 1 - 0x1fffff, 4ULL << 20, 0x70000));
}
