// SPDX-License-Identifier: GPL-2.0
/*
 * Owning the HRT vCPUs. Linux must never run on them while hvm.ko owns
 * them: a CPU that is online when the module loads is taken with
 * remove_cpu(), and a CPU-hotplug state whose prepare step fails with
 * -EBUSY for owned CPUs makes any later attempt to online one fail
 * ("echo 1 > /sys/devices/system/cpu/cpuN/online": Device or resource
 * busy). On unload the block goes away and CPUs taken from Linux are given
 * back with add_cpu() after the HRT stopped them with INIT.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>

#include "hvm_module.h"

static int hotplug_state = -1;
static cpumask_t taken_from_linux; /* were online in Linux when we loaded */

static int hvm_cpu_prepare(unsigned int cpu)
{
	if (!cpumask_test_cpu(cpu, &hvm_partition.hrt_cpus))
		return 0;
	pr_warn_ratelimited(
		"CPU %u belongs to hvm-kernel: refusing to bring it online; unload hvm.ko (rmmod hvm) to give it back to Linux\n",
		cpu);
	return -EBUSY;
}

int hvm_cpus_take(void)
{
	unsigned int cpu;
	int err;

	err = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "hvm/owned:prepare", hvm_cpu_prepare,
					NULL);
	if (err < 0) {
		pr_err("cannot register the CPU-hotplug guard (error %d)\n", err);
		return err;
	}
	hotplug_state = err;
	cpumask_clear(&taken_from_linux);
	for_each_cpu (cpu, &hvm_partition.hrt_cpus) {
		if (!cpu_online(cpu))
			continue;
		err = remove_cpu(cpu);
		if (err) {
			pr_err("cannot take CPU %u from Linux (error %d): boot the guest with maxcpus= so it never starts it (vmconfigs/ does)\n",
			       cpu, err);
			hvm_cpus_give_back();
			return err;
		}
		cpumask_set_cpu(cpu, &taken_from_linux);
		pr_info("took CPU %u from Linux\n", cpu);
	}
	return 0;
}

void hvm_cpus_give_back(void)
{
	unsigned int cpu;

	if (hotplug_state >= 0)
		cpuhp_remove_state_nocalls(hotplug_state);
	hotplug_state = -1;
	for_each_cpu (cpu, &taken_from_linux) {
		int err = add_cpu(cpu);

		if (err)
			pr_warn("could not give CPU %u back to Linux (error %d): try 'echo 1 > /sys/devices/system/cpu/cpu%u/online'\n",
				cpu, err, cpu);
	}
	cpumask_clear(&taken_from_linux);
}
