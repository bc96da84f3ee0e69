/* SPDX-License-Identifier: GPL-2.0 */
/* Private interfaces between the files of hvm.ko. */
#ifndef HVM_MODULE_H
#define HVM_MODULE_H

#include <linux/cpumask.h>
#include <linux/types.h>
#include <hvm/ioctl.h>

/*
 * The partition as given by the module parameters (which the domain XML's
 * kernel command line sets) and verified against the firmware memory map
 * and /proc/iomem at load time. Written once in hvm_partition_init(), read
 * only afterwards.
 */
struct hvm_partition {
	phys_addr_t trampoline;		/* one page below 1 MiB */
	phys_addr_t mem_base;		/* HRT memory */
	u64 mem_size;
	cpumask_t hrt_cpus;		/* Linux CPU numbers of the HRT vCPUs */
};

extern struct hvm_partition hvm_partition;

int hvm_partition_init(const char *hrt_cpus, const char *hrt_mem,
		       unsigned long trampoline);
void hvm_partition_describe(struct hvm_partition_info *info);

int hvm_device_register(void);
void hvm_device_unregister(void);

#endif /* HVM_MODULE_H */
