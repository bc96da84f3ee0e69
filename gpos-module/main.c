// SPDX-License-Identifier: GPL-2.0
/*
 * hvm.ko: owns the partition of this VM that belongs to the specialized
 * kernel (hvm-kernel) and is the only way user space reaches it.
 *
 * The layout comes from module parameters, normally set on the guest kernel
 * command line by the domain XML (vmconfigs/), e.g.
 *   hvm.hrt_cpus=1-2 hvm.hrt_mem=512M@0x40000000 hvm.trampoline=0x70000
 * together with the matching memmap= reservations.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>

#include "hvm_module.h"

static char *hrt_cpus;
module_param(hrt_cpus, charp, 0444);
MODULE_PARM_DESC(hrt_cpus, "Linux CPU numbers of the HRT vCPUs, as a list (e.g. 1-2)");

static char *hrt_mem;
module_param(hrt_mem, charp, 0444);
MODULE_PARM_DESC(hrt_mem,
		 "HRT memory as SIZE@ADDR (e.g. 512M@0x40000000), reserved with memmap=SIZE$ADDR");

static unsigned long trampoline;
module_param(trampoline, ulong, 0444);
MODULE_PARM_DESC(
	trampoline,
	"physical address of the real-mode trampoline page, below 1 MiB, reserved with memmap=4K$ADDR");

bool hvm_test_hooks;
module_param_named(test_hooks, hvm_test_hooks, bool, 0644);
MODULE_PARM_DESC(test_hooks,
		 "accept test-only requests such as a deliberate HRT crash (default off)");

static int __init hvm_init(void)
{
	int err;

	err = hvm_partition_init(hrt_cpus, hrt_mem, trampoline);
	if (err)
		return err;
	err = hvm_cpus_take();
	if (err)
		return err;
	err = hvm_hrt_init();
	if (err)
		goto err_give_back;
	hvm_clock_init();
	err = hvm_doorbell_init();
	if (err)
		goto err_hrt_exit;
	err = hvm_device_register();
	if (err)
		goto err_doorbell_exit;
	pr_info("partition ready: %u HRT vCPUs, %llu MiB at %pa, trampoline %pa\n",
		cpumask_weight(&hvm_partition.hrt_cpus), hvm_partition.mem_size >> 20,
		&hvm_partition.mem_base, &hvm_partition.trampoline);
	return 0;

err_doorbell_exit:
	hvm_doorbell_exit();
err_hrt_exit:
	hvm_clock_exit();
	hvm_hrt_exit();
err_give_back:
	hvm_cpus_give_back();
	return err;
}

/* Stop the HRT before its doorbell and its CPUs go away. */
static void __exit hvm_exit(void)
{
	hvm_device_unregister();
	hvm_hrt_halt(); /* no HRT CPU runs, so none rings the doorbell */
	hvm_doorbell_exit(); /* waits for a handler still running */
	hvm_clock_exit();
	hvm_hrt_exit();
	hvm_cpus_give_back();
}

module_init(hvm_init);
module_exit(hvm_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvm: partition a VM between Linux and the hvm-kernel specialized kernel");
