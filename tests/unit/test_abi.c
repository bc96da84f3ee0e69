// SPDX-License-Identifier: GPL-2.0
/*
 * The ABI headers against Linux's own definitions: the hand-encoded ioctl
 * numbers must equal what <linux/ioctl.h>'s _IOWR gives, and the shared
 * structures must have the offsets both kernels and user space assume.
 */
#include <criterion/criterion.h>
#include <linux/ioctl.h>
#include <stddef.h>

#include <hvm/clock.h>
#include <hvm/ioctl.h>

Test(abi, ioctl_numbers_match_linux_encoding)
{
	cr_assert_eq(HVM_IOC_GET_PARTITION,
		     (unsigned int)_IOWR(0xb7, 0x00, struct hvm_partition_info));
}

Test(abi, partition_info_layout)
{
	cr_assert_eq(offsetof(struct hvm_partition_info, magic), 0);
	cr_assert_eq(offsetof(struct hvm_partition_info, revision), 4);
	cr_assert_eq(offsetof(struct hvm_partition_info, trampoline), 16);
	cr_assert_eq(offsetof(struct hvm_partition_info, hrt_mem), 40);
	cr_assert_eq(offsetof(struct hvm_partition_info, hrt_cpus), 64);
	cr_assert_eq(sizeof(((struct hvm_partition_info *)0)->hrt_cpus[0]), 16);
}

Test(abi, magic_spells_hvm1)
{
	unsigned int magic = HVM_ABI_MAGIC;

	cr_assert_arr_eq(&magic, "HVM1", 4);
}

/* hvm/clock.h: the layout hvm.ko writes and hvm-kernel reads, and the scaling both use. */
Test(abi, clock_layout)
{
	cr_assert_eq(offsetof(struct hvm_clock, seq), 8);
	cr_assert_eq(offsetof(struct hvm_clock, tsc), 16);
	cr_assert_eq(offsetof(struct hvm_clock, shift), 56);
	cr_assert_eq(offsetof(struct hvm_clock, real_offset_ns), 64);
	cr_assert_eq(offsetof(struct hvm_clock, max_age_tsc), 88);
	cr_assert_eq(offsetof(struct hvm_clock, coarse_res_ns), 96);
}

Test(abi, clock_scale_does_not_overflow)
{
	/* 2.5 GHz: 0.4 ns per cycle << 32; an hour of cycles is 3.6e12 ns. */
	__u64 mult = (4ULL << 32) / 10, hour = 2500000000ULL * 3600;

	cr_assert_eq(hvm_clock_scale(0, mult, 32), 0);
	cr_assert_eq(hvm_clock_scale(2500000000ULL, mult, 32) / 1000, 999999);
	cr_assert_eq((hvm_clock_scale(hour, mult, 32) + 1000) / 1000000000ULL, 3600);
}
