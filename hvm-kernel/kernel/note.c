// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The identification note: an ELF note named "HVM" that tells the loader
 * this image is an hvm-kernel and which ABI it speaks. hvm.ko refuses an
 * image without it.
 */
#include <hvm/abi.h>

struct hvm_ident_note {
	__u32 namesz;
	__u32 descsz;
	__u32 type;
	char name[4]; /* "HVM\0" */
	__u32 magic; /* HVM_ABI_MAGIC */
	__u32 revision; /* HVM_ABI_REVISION */
};

__attribute__((section(".note.hvm"), aligned(4),
	       used)) static const struct hvm_ident_note hvm_ident = {
	.namesz = 4,
	.descsz = 8,
	.type = 1,
	.name = "HVM",
	.magic = HVM_ABI_MAGIC,
	.revision = HVM_ABI_REVISION,
};
