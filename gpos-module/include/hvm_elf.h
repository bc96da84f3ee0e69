/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validation of an hvm-kernel ELF image before anything is loaded: pure
 * code (elf_check.c), compiled into hvm.ko and into the host unit tests.
 */
#ifndef HVM_ELF_H
#define HVM_ELF_H

#include <hvm/boot.h>

#include "hvm_pure.h"

#define HVM_ELF_MAX_SEGMENTS 16
#define HVM_ELF_MAX_IMAGE_SIZE (64ULL << 20) /* larger files are refused unread */

/* One PT_LOAD segment, as the loader will copy it. */
struct hvm_elf_segment {
	__u64 file_offset; /* p_offset */
	__u64 file_size; /* p_filesz: bytes copied from the file */
	__u64 mem_size; /* p_memsz: the rest up to it is zeroed */
	__u64 part_offset; /* p_paddr: offset inside the HRT partition */
	__u32 flags; /* p_flags (PF_X 1, PF_W 2, PF_R 4) */
	__u32 pad;
};

/* What a valid image asks of the loader. */
struct hvm_elf_image {
	__u64 entry; /* virtual entry point, in the upper half */
	__u64 end; /* first partition offset past every segment, page aligned */
	__u32 abi_revision; /* from the identification note */
	char tag[HVM_IMAGE_TAG_LEN]; /* the image's tag, from the same note */
	__u32 nr_segments;
	struct hvm_elf_segment segments[HVM_ELF_MAX_SEGMENTS];
};

/*
 * Check that image[0..size) is an hvm-kernel that fits a partition of
 * partition_size bytes: ELF64, little-endian, x86-64, ET_EXEC; every
 * program header and segment inside the file; every PT_LOAD linked at
 * HVM_KERNEL_VBASE + p_paddr, with HVM_KERNEL_LINK_OFFSET <= p_paddr and
 * p_paddr + p_memsz <= partition_size, p_filesz <= p_memsz, no two
 * overlapping; the entry point inside an executable PT_LOAD; a PT_NOTE
 * holding the "HVM" identification note whose magic and revision match.
 * Returns 0 and fills *out, or -1 with a one-line reason in err that names
 * the problem, the segment or field, and the values involved.
 */
int hvm_elf_check(const void *image, __u64 size, __u64 partition_size, struct hvm_elf_image *out,
		  char *err, unsigned long errlen);

#endif /* HVM_ELF_H */
