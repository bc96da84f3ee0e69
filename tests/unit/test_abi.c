// SPDX-License-Identifier: GPL-2.0
/*
 * The ABI headers against Linux's own definitions: the hand-encoded ioctl
 * numbers must equal what <linux/ioctl.h>'s _IOWR gives, and the shared
 * structures must have the offsets both kernels and user space assume.
 */
#include <criterion/criterion.h>
#include <linux/ioctl.h>
#include <stddef.h>

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
