// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the pure part of the merged address space
 * (gpos-module/space_sync.c): the top-level page-table copy and re-sync
 * over fake tables.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hvm_space.h"

static __u64 src[512], dst[HVM_LOWER_PML4_ENTRIES];

Test(pml4_sync, copies_present_entries_and_clears_nx)
{
	memset(src, 0, sizeof(src));
	memset(dst, 0, sizeof(dst));
	src[0] = 0x1234000 | SPACE_PTE_PRESENT | 0x6;
	src[1] = 0x5678000 | SPACE_PTE_PRESENT | SPACE_PTE_NX;
	src[255] = 0x9abc000 | SPACE_PTE_PRESENT;
	src[256] = 0xdead000 | SPACE_PTE_PRESENT; /* upper half: never copied */
	cr_assert_eq(hvm_pml4_sync(src, dst), 3);
	cr_assert_eq(dst[0], 0x1234000 | SPACE_PTE_PRESENT | 0x6);
	cr_assert_eq(dst[1], 0x5678000 | SPACE_PTE_PRESENT, "NX must be cleared (KPTI)");
	cr_assert_eq(dst[255], 0x9abc000 | SPACE_PTE_PRESENT);
	for (int i = 2; i < 255; i++)
		cr_assert_eq(dst[i], 0);
}

Test(pml4_sync, resync_reports_only_changes)
{
	memset(src, 0, sizeof(src));
	memset(dst, 0, sizeof(dst));
	src[3] = 0x3000 | SPACE_PTE_PRESENT;
	cr_assert_eq(hvm_pml4_sync(src, dst), 1);
	cr_assert_eq(hvm_pml4_sync(src, dst), 0, "nothing changed: no new generation");
	src[3] = 0; /* Linux freed the PUD page */
	src[7] = 0x7000 | SPACE_PTE_PRESENT; /* and populated another entry */
	cr_assert_eq(hvm_pml4_sync(src, dst), 2);
	cr_assert_eq(dst[3], 0);
	cr_assert_eq(dst[7], 0x7000 | SPACE_PTE_PRESENT);
}

Test(pml4_sync, non_present_entries_become_zero)
{
	memset(src, 0, sizeof(src));
	memset(dst, 0xff, sizeof(dst));
	src[9] = 0xfff0000 | SPACE_PTE_NX; /* not present: whatever else is set */
	cr_assert_eq(hvm_pml4_sync(src, dst), HVM_LOWER_PML4_ENTRIES);
	cr_assert_eq(dst[9], 0);
}
