// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvm-kernel: the specialized kernel that runs hybrid programs' threads on
 * the vCPUs and memory hvm.ko set aside. kernel_main() is where every CPU
 * arrives from arch/x86_64/entry.S, on its own boot stack. hvm.ko starts
 * the CPUs one at a time, index 0 first, and waits for each to publish
 * HVM_CPU_UP, so CPU 0 does the one-time setup before any other CPU runs.
 * Once up, a CPU spends its life in sched_loop(), taking calls and commands.
 */
#include <hvm/barrier.h>

#include "arch.h"
#include "bootinfo.h"
#include "slot.h"
#include "kernel.h"
#include "log.h"
#include "memlayout.h"
#include "palloc.h"
#include "percpu.h"
#include "printk.h"
#include "space.h"

struct hvm_boot_info *boot_info;

__noreturn void kernel_main(struct hvm_boot_info *bi, unsigned int cpu);

/* Can this boot information be trusted to describe the partition? */
static bool boot_info_valid(const struct hvm_boot_info *bi)
{
	if (bi->magic != HVM_ABI_MAGIC || bi->revision != HVM_ABI_REVISION) {
		kprintf("hvm-kernel: boot information has magic 0x%x revision %u, this kernel speaks 0x%x revision %u: build hvm.ko and hvm-kernel from the same tree\n",
			bi->magic, bi->revision, HVM_ABI_MAGIC, HVM_ABI_REVISION);
		return false;
	}
	if (bi->nr_cpus == 0 || bi->nr_cpus > HVM_MAX_CPUS) {
		kprintf("hvm-kernel: boot information lists %u CPUs, expected 1 to %u\n",
			bi->nr_cpus, HVM_MAX_CPUS);
		return false;
	}
	if (bi->partition_size < bi->image_end || bi->image_end < HVM_KERNEL_LINK_OFFSET) {
		kprintf("hvm-kernel: partition of 0x%llx bytes cannot hold an image ending at 0x%llx\n",
			bi->partition_size, bi->image_end);
		return false;
	}
	return true;
}

/* CPU 0: the log, the kernel's page tables and the page allocator. */
static void boot_global(struct hvm_boot_info *bi)
{
	__u64 first_free;

	log_init();
	if (!boot_info_valid(bi))
		arch_cpu_stop();
	if (arch_mm_init(bi->partition_base, bi->partition_size)) {
		kprintf("hvm-kernel: partition base 0x%llx is not 2 MiB aligned: fix HRT_MEM_ADDR in vmconfigs/layout.conf\n",
			bi->partition_base);
		arch_cpu_stop();
	}
	first_free = MAX(bi->image_end, (__u64)_kernel_end - KERNEL_VBASE);
	palloc_init(ALIGN_UP(first_free, LARGE_PAGE_SIZE), arch_mapped_size());
}

static void boot_announce(const struct hvm_boot_info *bi, unsigned int cpu)
{
	struct percpu *p = this_cpu();
	struct palloc_stats st;

	kprintf("hvm-kernel: cpu %u (APIC id %u) up, %s, generation %u\n", cpu, p->apic_id,
		arch_apic_mode(), bi->generation);
	if (p->apic_id != bi->cpus[cpu].apic_id)
		kprintf("hvm-kernel: cpu %u: local APIC id is %u, but hvm.ko started APIC id %u\n",
			cpu, p->apic_id, bi->cpus[cpu].apic_id);
	if (cpu != 0)
		return;
	palloc_get_stats(&st);
	kprintf("hvm-kernel: partition %llu MiB at 0x%llx, %lu MiB free (%lu of %lu pages), TSC %llu kHz\n",
		bi->partition_size >> 20, bi->partition_base, st.free_pages >> 8, st.free_pages,
		st.total_pages, bi->tsc_khz);
}

__noreturn void kernel_main(struct hvm_boot_info *bi, unsigned int cpu)
{
	if (cpu == 0)
		boot_info = bi;
	arch_cpu_early_init(cpu);
	if (cpu == 0) {
		boot_global(bi);
	} else if (cpu >= bi->nr_cpus) {
		kprintf("hvm-kernel: started as cpu %u, but boot information lists %u CPUs: stopping\n",
			cpu, bi->nr_cpus);
		arch_cpu_stop();
	}
	arch_cpu_init();
	if (arch_space_cpu_init()) {
		kprintf("hvm-kernel: cpu %u: no free page for its address-space page table (partition too small?): stopping\n",
			cpu);
		arch_cpu_stop();
	}
	space_cpu_init();
	boot_announce(bi, cpu);
	bi->cpus[cpu].up_tsc = arch_timestamp();
	hvm_publish(&bi->cpus[cpu].state, HVM_CPU_UP); /* up_tsc and everything before it */
	sched_loop();
}
