/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hvm ABI identity: the magic and revision that start every region and
 * structure shared between hvm-kernel, hvm.ko and multiverse-rt.
 *
 * Rule: a reader checks both fields before it trusts anything else in the
 * region, and names a mismatch ("hvm: ABI revision 2 from hvm.ko, hvmctl
 * speaks 1: rebuild both from the same tree"). The revision is bumped on any
 * incompatible change; fields are only ever appended within a revision.
 */
#ifndef HVM_ABI_H
#define HVM_ABI_H

#include "types.h"

#define HVM_ABI_MAGIC 0x314d5648u /* "HVM1" little-endian */
#define HVM_ABI_REVISION 7u

/*
 * The description of the identification note every hvm-kernel image
 * carries (an ELF note named "HVM", type HVM_IDENT_NOTE_TYPE; written by
 * hvm-kernel/kernel/note.c, checked by hvm.ko before it boots the image):
 * the magic and revision above, then the image's tag, the name of its
 * build ("default", "debug"), NUL-padded.
 */
#define HVM_IDENT_NOTE_TYPE 1u
#define HVM_IMAGE_TAG_LEN 16

struct hvm_ident_desc {
	__u32 magic; /* HVM_ABI_MAGIC */
	__u32 revision; /* HVM_ABI_REVISION */
	char tag[HVM_IMAGE_TAG_LEN];
};

#endif /* HVM_ABI_H */
