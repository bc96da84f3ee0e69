// SPDX-License-Identifier: GPL-2.0
/*
 * hvm-kernel images: fetched from user space into a private copy, checked
 * completely (elf_check.c) before anything changes, then copied into the
 * partition segment by segment.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "hvm_module.h"

/*
 * Copy and check an image. On success *image is a vmalloc'd copy the caller
 * owns and *layout describes it; on failure error says why.
 */
int hvm_image_fetch(const void __user *uimage, u64 size, void **image, struct hvm_elf_image *layout,
		    char *error)
{
	void *copy;

	if (!size) {
		snprintf(error, HVM_ERROR_LEN,
			 "the image is empty (0 bytes): give the path of an hvm-kernel ELF file");
		return -ENOEXEC;
	}
	if (size > HVM_ELF_MAX_IMAGE_SIZE || size > hvm_partition.mem_size) {
		snprintf(
			error, HVM_ERROR_LEN,
			"the image is %llu bytes, more than the %llu bytes an hvm-kernel image may have (and the %llu MiB partition): is this really hvm-kernel?",
			size, min_t(u64, HVM_ELF_MAX_IMAGE_SIZE, hvm_partition.mem_size),
			hvm_partition.mem_size >> 20);
		return -EFBIG;
	}
	copy = vmalloc(size);
	if (!copy) {
		snprintf(error, HVM_ERROR_LEN, "no memory for a %llu-byte image copy", size);
		return -ENOMEM;
	}
	if (copy_from_user(copy, uimage, size)) {
		snprintf(error, HVM_ERROR_LEN, "cannot read the image from the caller's memory");
		vfree(copy);
		return -EFAULT;
	}
	if (hvm_elf_check(copy, size, hvm_partition.mem_size, layout, error, HVM_ERROR_LEN)) {
		vfree(copy);
		return -ENOEXEC;
	}
	*image = copy;
	return 0;
}

/* Copy every segment to its partition offset and zero the rest of it. */
void hvm_image_load(const void *image, const struct hvm_elf_image *layout)
{
	unsigned int i;

	memset(hvm_hrt.part + HVM_KERNEL_LINK_OFFSET, 0, layout->end - HVM_KERNEL_LINK_OFFSET);
	for (i = 0; i < layout->nr_segments; i++) {
		const struct hvm_elf_segment *s = &layout->segments[i];

		memcpy(hvm_hrt.part + s->part_offset, image + s->file_offset, s->file_size);
	}
}

/* FNV-1a, 64 bit: tells whether a file on disk is the image that ran. */
u64 hvm_image_hash(const void *image, u64 size)
{
	const u8 *p = image;
	u64 h = 0xcbf29ce484222325ULL;

	while (size--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}
