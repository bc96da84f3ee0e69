// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The identification note: an ELF note named "HVM" that tells the loader
 * this image is an hvm-kernel, which ABI it speaks and which build it is
 * (its tag, HVM_IMAGE_TAG: "default", or "debug" for the debug image).
 * hvm.ko refuses an image without it and reports the tag of the one that
 * runs (hvmctl status).
 */
#include <hvm/abi.h>

#ifndef HVM_IMAGE_TAG
#define HVM_IMAGE_TAG "default"
#endif

struct hvm_ident_note {
	__u32 namesz;
	__u32 descsz;
	__u32 type;
	char name[4]; /* "HVM\0" */
	struct hvm_ident_desc desc;
};

_Static_assert(sizeof(HVM_IMAGE_TAG) <= HVM_IMAGE_TAG_LEN, "HVM_IMAGE_TAG: 15 characters at most");

__attribute__((section(".note.hvm"), aligned(4),
	       used)) static const struct hvm_ident_note hvm_ident = {
	.namesz = 4,
	.descsz = sizeof(struct hvm_ident_desc),
	.type = HVM_IDENT_NOTE_TYPE,
	.name = "HVM",
	.desc = {.magic = HVM_ABI_MAGIC, .revision = HVM_ABI_REVISION, .tag = HVM_IMAGE_TAG},
};
