// SPDX-License-Identifier: GPL-2.0
/*
 * The partition: which vCPUs and which physical memory belong to the
 * specialized kernel. Parsed from the module parameters and verified before
 * the module accepts it, so that nothing later can touch memory Linux owns:
 *   - the trampoline page is one page below 1 MiB, backed by RAM in the
 *     firmware's map and reserved from Linux (memmap=4K$ADDR);
 *   - the HRT memory is backed by RAM in the firmware's map, reserved from
 *     Linux (memmap=SIZE$ADDR) and overlaps nothing but that reservation;
 *   - the HRT vCPUs exist, are not the boot CPU, and leave Linux a CPU.
 * Every refusal says what is wrong and how to fix it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <asm/apic.h>
#include <asm/e820/api.h>
#include <asm/smp.h>

#include "hvm_layout.h"
#include "hvm_module.h"

struct hvm_partition hvm_partition;

/* True when the firmware's own memory map (before memmap=) has RAM at every page. */
static bool firmware_ram_covers(u64 base, u64 size)
{
	u64 addr;

	for (addr = base; addr < base + size; addr += PAGE_SIZE)
		if (!e820__mapped_raw_any(addr, addr + PAGE_SIZE, E820_TYPE_RAM))
			return false;
	return true;
}

/* True when Linux treats none of the range as RAM and only reservations overlap it. */
static bool reserved_from_linux(u64 base, u64 size)
{
	if (region_intersects(base, size, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) !=
	    REGION_DISJOINT)
		return false;
	return region_intersects(base, size, IORESOURCE_MEM, IORES_DESC_RESERVED) ==
	       REGION_INTERSECTS;
}

static int check_trampoline(u64 addr)
{
	const char *problem = hvm_layout_trampoline_problem(addr);

	if (problem) {
		pr_err("trampoline=%#llx: %s: use a free page in low RAM such as trampoline=0x70000, reserved with memmap=4K$0x70000 (vmconfigs/layout.conf)\n",
		       addr, problem);
		return -EINVAL;
	}
	if (!firmware_ram_covers(addr, PAGE_SIZE)) {
		pr_err("trampoline page %#llx is not RAM in the firmware memory map: pick a page in low RAM such as 0x70000\n",
		       addr);
		return -EINVAL;
	}
	if (!reserved_from_linux(addr, PAGE_SIZE)) {
		pr_err("trampoline page %#llx is not reserved from Linux: add memmap=4K$%#llx to the kernel command line (vmconfigs/ does this from layout.conf)\n",
		       addr, addr);
		return -EINVAL;
	}
	return 0;
}

static int parse_hrt_mem(const char *arg, u64 *base, u64 *size)
{
	if (!arg || !*arg) {
		pr_err("no HRT memory given: load with hrt_mem=512M@0x40000000 and reserve it with memmap=512M$0x40000000 (see vmconfigs/layout.conf)\n");
		return -EINVAL;
	}
	if (hvm_layout_parse_mem(arg, size, base)) {
		pr_err("hrt_mem=%s is not SIZE@ADDR: write it like hrt_mem=512M@0x40000000\n", arg);
		return -EINVAL;
	}
	return 0;
}

static int check_hrt_mem(u64 base, u64 size, u64 trampoline)
{
	const char *problem = hvm_layout_mem_problem(base, size, trampoline);

	if (problem) {
		pr_err("HRT memory %#llx+%#llx: %s: fix HRT_MEM_ADDR and HRT_MEM_MIB in vmconfigs/layout.conf\n",
		       base, size, problem);
		return -EINVAL;
	}
	if (base + size > SZ_4G || size < 2 * HVM_KERNEL_LINK_OFFSET) {
		pr_err("HRT memory %#llx+%#llx must lie below 4 GiB (the trampoline loads its page tables in 32-bit mode) and hold at least %llu MiB: fix HRT_MEM_ADDR and HRT_MEM_MIB in vmconfigs/layout.conf\n",
		       base, size, (2 * HVM_KERNEL_LINK_OFFSET) >> 20);
		return -EINVAL;
	}
	if (!firmware_ram_covers(base, size)) {
		pr_err("HRT memory %#llx+%#llx is not all RAM in the firmware memory map: the region lies outside the VM's RAM; make it fit in layout.conf (RAM_MIB, HRT_MEM_ADDR, HRT_MEM_MIB)\n",
		       base, size);
		return -EINVAL;
	}
	if (!reserved_from_linux(base, size)) {
		pr_err("HRT memory %#llx+%#llx is not reserved from Linux: add memmap=%lluM$%#llx to the kernel command line (vmconfigs/ does this from layout.conf)\n",
		       base, size, size >> 20, base);
		return -EINVAL;
	}
	return 0;
}

static int check_hrt_cpus(const char *arg, struct cpumask *mask)
{
	unsigned int cpu;

	if (!arg || !*arg || cpulist_parse(arg, mask) || cpumask_empty(mask)) {
		pr_err("hrt_cpus=%s is not a list of CPUs this VM has (CPUs 0-%u): write it like hrt_cpus=1-2, or raise the vCPU count in vmconfigs/layout.conf\n",
		       arg ? arg : "", nr_cpu_ids - 1);
		return -EINVAL;
	}
	if (cpumask_test_cpu(0, mask)) {
		pr_err("hrt_cpus=%s includes CPU 0, the boot CPU Linux needs: give the HRT CPUs from 1 up\n",
		       arg);
		return -EINVAL;
	}
	for_each_cpu (cpu, mask) {
		if (cpu >= nr_cpu_ids || !cpu_present(cpu)) {
			pr_err("HRT CPU %u does not exist in this VM (%u present): raise the vCPU count in the domain XML or shrink hrt_cpus\n",
			       cpu, num_present_cpus());
			return -ENODEV;
		}
	}
	if (cpumask_weight(mask) > HVM_MAX_HRT_CPUS) {
		pr_err("hrt_cpus=%s names more than %d CPUs\n", arg, HVM_MAX_HRT_CPUS);
		return -EINVAL;
	}
	return 0;
}

int hvm_partition_init(const char *hrt_cpus, const char *hrt_mem, unsigned long trampoline)
{
	struct hvm_partition *p = &hvm_partition;
	int err;

	err = check_trampoline(trampoline);
	if (err)
		return err;
	err = parse_hrt_mem(hrt_mem, &p->mem_base, &p->mem_size);
	if (err)
		return err;
	err = check_hrt_mem(p->mem_base, p->mem_size, trampoline);
	if (err)
		return err;
	err = check_hrt_cpus(hrt_cpus, &p->hrt_cpus);
	if (err)
		return err;
	p->trampoline = trampoline;
	return 0;
}

static void describe_region(struct hvm_region_info *r, u64 base, u64 size)
{
	r->base = base;
	r->size = size;
	r->flags = 0;
	if (reserved_from_linux(base, size))
		r->flags |= HVM_REGION_RESERVED;
	if (firmware_ram_covers(base, size))
		r->flags |= HVM_REGION_BACKED;
}

/* Fill in what user space sees of the partition (HVM_IOC_GET_PARTITION). */
void hvm_partition_describe(struct hvm_partition_info *info)
{
	struct hvm_partition *p = &hvm_partition;
	unsigned int cpu, n = 0;

	describe_region(&info->trampoline, p->trampoline, PAGE_SIZE);
	describe_region(&info->hrt_mem, p->mem_base, p->mem_size);
	for_each_cpu (cpu, &p->hrt_cpus) {
		struct hvm_cpu_info *c = &info->hrt_cpus[n++];

		c->linux_cpu = cpu;
		c->apic_id = per_cpu(x86_cpu_to_apicid, cpu);
		c->flags = (cpu_present(cpu) ? HVM_CPU_PRESENT : 0) |
			   (cpu_online(cpu) ? HVM_CPU_LINUX_ONLINE : 0);
	}
	info->nr_hrt_cpus = n;
	info->nr_linux_cpus = num_online_cpus();
	info->hrt_state = READ_ONCE(hvm_hrt.state);
}
