/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The /dev/hvm interface between hvm.ko and user space (hvmctl and
 * multiverse-rt).
 *
 * Calling convention: every ioctl takes a pointer to one of the structures
 * below. The caller fills in .magic and .revision; the module refuses a
 * mismatch with -EPROTO so an old tool never misreads a new layout. Every
 * ioctl returns 0 or -1 with errno set. Ioctl numbers are append-only.
 */
#ifndef HVM_IOCTL_H
#define HVM_IOCTL_H

#include "abi.h"
#include "boot.h"

#define HVM_DEVICE_PATH "/dev/hvm"
#define HVM_MAX_HRT_CPUS HVM_MAX_CPUS

/* One vCPU set aside for the specialized kernel. */
struct hvm_cpu_info {
	__u32 linux_cpu;	/* Linux's logical CPU number */
	__u32 apic_id;		/* physical (x)APIC id, for INIT/SIPI and IPIs */
	__u32 flags;		/* HVM_CPU_* */
	__u32 pad;
};

#define HVM_CPU_PRESENT (1u << 0)	/* Linux enumerated it (MADT) */
#define HVM_CPU_LINUX_ONLINE (1u << 1) /* Linux is running on it now */

/* One physical region the partition needs, as the module verified it. */
struct hvm_region_info {
	__u64 base;
	__u64 size;
	__u32 flags;		/* HVM_REGION_* */
	__u32 pad;
};

#define HVM_REGION_RESERVED (1u << 0)	/* Linux does not use it as RAM */
#define HVM_REGION_BACKED (1u << 1)	/* firmware reports RAM behind it */

/* HVM_IOC_GET_PARTITION: what the module sees and verified at load time. */
struct hvm_partition_info {
	__u32 magic;			/* HVM_ABI_MAGIC, in and out */
	__u32 revision;			/* HVM_ABI_REVISION, in and out */
	__u32 nr_hrt_cpus;
	__u32 nr_linux_cpus;		/* Linux CPUs online now */
	struct hvm_region_info trampoline;
	struct hvm_region_info hrt_mem;
	struct hvm_cpu_info hrt_cpus[HVM_MAX_HRT_CPUS];
	__u32 hrt_state;		/* HVM_HRT_* */
	__u32 pad;
};

#define HVM_HRT_NOT_BOOTED 0u

/*
 * Ioctl numbers, encoded as Linux's _IOWR() does on x86 (dir 3 = read|write,
 * 14-bit size, type, nr), spelled out so the header needs no libc or kernel
 * include and compiles the same in all three environments.
 */
#define HVM_IOC_TYPE 0xb7u
#define HVM_IOWR(nr, type) \
	((3u << 30) | ((__u32)sizeof(type) << 16) | (HVM_IOC_TYPE << 8) | (nr))

#define HVM_IOC_GET_PARTITION HVM_IOWR(0x00, struct hvm_partition_info)

_Static_assert(sizeof(struct hvm_cpu_info) == 16, "hvm_cpu_info layout");
_Static_assert(sizeof(struct hvm_region_info) == 24, "hvm_region_info layout");
_Static_assert(sizeof(struct hvm_partition_info) == 16 + 48 + 16 * HVM_MAX_HRT_CPUS + 8,
	       "hvm_partition_info layout");

#endif /* HVM_IOCTL_H */
