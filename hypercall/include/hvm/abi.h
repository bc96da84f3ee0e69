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
#define HVM_ABI_REVISION 6u

#endif /* HVM_ABI_H */
