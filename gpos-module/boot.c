// SPDX-License-Identifier: GPL-2.0
/*
 * Starting and stopping the HRT CPUs. Before a boot, the boot area at the
 * start of the partition is rebuilt: boot information, boot page tables,
 * empty mailboxes, crash slots and log ring (hvm/boot.h). The CPUs are then
 * started one at a time, each with INIT-SIPI-SIPI through the trampoline,
 * and each must publish HVM_CPU_UP within HRT_CPU_UP_TIMEOUT_MS and then
 * answer a ping; a CPU that crashes, faults at entry (trampoline_blob.S),
 * stays silent or does not answer fails the boot, and every HRT CPU is
 * stopped. Stopping is INIT, then a SIPI into the trampoline's park loop,
 * which shows that the CPU took the INIT.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <asm/tsc.h>

#include "hvm_module.h"

#define HRT_CPU_UP_TIMEOUT_MS 2000
/* How long stopped CPUs have to reach the park loop: they only need to take INIT and SIPI. */
#define HRT_CPU_PARK_TIMEOUT_MS 1000

#define PTE_P 0x1ULL
#define PTE_W 0x2ULL
#define PTE_PS 0x80ULL
#define SZ_1G_ULL (1ULL << 30)

/* Boot page tables, as page offsets inside HVM_BOOT_PGTABLE_OFFSET. */
enum { PT_PML4, PT_PDPT_LOW, PT_PD_LOW, PT_PDPT_HIGH, PT_PD_KERNEL, PT_COUNT };

static u64 *pt_page(int which)
{
	return hvm_hrt.part + HVM_BOOT_PGTABLE_OFFSET + which * PAGE_SIZE;
}

static u64 pt_phys(int which)
{
	return hvm_partition.mem_base + HVM_BOOT_PGTABLE_OFFSET + which * PAGE_SIZE;
}

/*
 * Identity-map the first 1 GiB (the trampoline runs there) and the
 * partition's first GiB at HVM_KERNEL_VBASE (PML4 511, PDPT 510).
 */
static u64 build_boot_page_tables(void)
{
	u64 kernel_size = min_t(u64, hvm_partition.mem_size, SZ_1G_ULL);
	unsigned int i;

	BUILD_BUG_ON(PT_COUNT * PAGE_SIZE > HVM_BOOT_PGTABLE_SIZE);
	pt_page(PT_PML4)[0] = pt_phys(PT_PDPT_LOW) | PTE_P | PTE_W;
	pt_page(PT_PDPT_LOW)[0] = pt_phys(PT_PD_LOW) | PTE_P | PTE_W;
	for (i = 0; i < 512; i++)
		pt_page(PT_PD_LOW)[i] = ((u64)i * SZ_2M) | PTE_P | PTE_W | PTE_PS;
	pt_page(PT_PML4)[511] = pt_phys(PT_PDPT_HIGH) | PTE_P | PTE_W;
	pt_page(PT_PDPT_HIGH)[510] = pt_phys(PT_PD_KERNEL) | PTE_P | PTE_W;
	for (i = 0; i < kernel_size / SZ_2M; i++)
		pt_page(PT_PD_KERNEL)[i] =
			(hvm_partition.mem_base + (u64)i * SZ_2M) | PTE_P | PTE_W | PTE_PS;
	return pt_phys(PT_PML4);
}

static void init_boot_info(const struct hvm_elf_image *layout)
{
	struct hvm_boot_info *bi = hrt_boot_info();
	struct hvm_log_ring *log = hrt_log_ring();
	unsigned int i;

	bi->magic = HVM_ABI_MAGIC;
	bi->revision = HVM_ABI_REVISION;
	bi->partition_base = hvm_partition.mem_base;
	bi->partition_size = hvm_partition.mem_size;
	bi->image_end = layout->end;
	bi->tsc_khz = tsc_khz;
	bi->nr_cpus = hvm_hrt.nr_cpus;
	bi->generation = hvm_hrt.generation;
	bi->flags = hvm_test_hooks ? HVM_BOOT_F_TEST_HOOKS : 0;
	hvm_doorbell_target(&bi->notify_vector, &bi->linux_apic_id);
	hvm_kick_publish_poll();
	for (i = 0; i < hvm_hrt.nr_cpus; i++) {
		bi->cpus[i].apic_id = hvm_hrt.apic_id[i];
		bi->cpus[i].linux_cpu = hvm_hrt.linux_cpu[i];
		bi->cpus[i].state = HVM_CPU_OFF;
	}
	log->magic = HVM_ABI_MAGIC;
	log->revision = HVM_ABI_REVISION;
	log->size = HRT_LOG_DATA_SIZE;
	log->head = 0;
}

/* Rebuild the boot area for a boot of the image described by layout. */
void hvm_boot_prepare(const struct hvm_elf_image *layout)
{
	u64 cr3;

	memset(hvm_hrt.part, 0, HVM_KERNEL_LINK_OFFSET);
	memset(hvm_hrt.mbox_seq, 0, sizeof(hvm_hrt.mbox_seq));
	init_boot_info(layout);
	cr3 = build_boot_page_tables();
	hvm_trampoline_install(cr3, layout->entry, HVM_KERNEL_VBASE + HVM_BOOT_INFO_OFFSET);
	wmb(); /* the boot area is in memory before any CPU is started */
}

/* What an exception vector is, for the message of a fault at entry. */
static const char *const exception_names[32] = {
	"#DE divide error",
	"#DB debug",
	"NMI",
	"#BP breakpoint",
	"#OF overflow",
	"#BR bound range",
	"#UD invalid opcode",
	"#NM no FPU",
	"#DF double fault",
	"coprocessor overrun",
	"#TS invalid TSS",
	"#NP segment not present",
	"#SS stack fault",
	"#GP general protection",
	"#PF page fault",
	"reserved",
	"#MF x87 error",
	"#AC alignment check",
	"#MC machine check",
	"#XM SIMD error",
	"#VE virtualization",
	"#CP control protection",
};

/* Fill error with "HRT CPU i (Linux cpuN, APIC id A) " and what happened; returns err. */
static __printf(4, 5) int cpu_failed(char *error, unsigned int i, int err, const char *fmt, ...)
{
	int n = snprintf(error, HVM_ERROR_LEN, "HRT CPU %u (Linux cpu%u, APIC id %u) ", i,
			 hvm_hrt.linux_cpu[i], hvm_hrt.apic_id[i]);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(error + n, HVM_ERROR_LEN - n, fmt, ap);
	va_end(ap);
	return err;
}

/*
 * CPU index announced itself: it must also take commands (hvm/boot.h, entry
 * contract), or nothing could ever reach it. 0, or -ETIMEDOUT with error.
 */
static int cpu_answers(unsigned int index, char *error)
{
	if (!hvm_hrt_command(index, HVM_MBOX_PING, 0, NULL))
		return 0;
	return cpu_failed(
		error, index, -ETIMEDOUT,
		"announced itself but did not answer a ping: the image does not take commands as hvm-kernel does; see 'hvmctl log', or boot a good image");
}

/*
 * Wait for CPU index to publish UP and answer; 0, or -EIO (it crashed or
 * faulted) or -ETIMEDOUT with error saying which.
 */
static int wait_cpu_up(unsigned int index, char *error)
{
	u32 *state = &hrt_boot_info()->cpus[index].state;
	ktime_t deadline = ktime_add_ms(ktime_get(), HRT_CPU_UP_TIMEOUT_MS);
	u32 vector;
	u64 rip;

	for (;;) {
		u32 s = hvm_observe(state);

		if (s == HVM_CPU_UP)
			return cpu_answers(index, error);
		if (s == HVM_CPU_CRASHED)
			return cpu_failed(
				error, index, -EIO,
				"crashed while booting: see 'hvmctl crash' and 'hvmctl log'");
		if (hvm_trampoline_fault(&vector, &rip))
			return cpu_failed(
				error, index, -EIO,
				"faulted at entry: exception %u (%s) at RIP %#llx before the image installed its own handlers; the CPU was stopped: is this really hvm-kernel?",
				vector,
				vector < ARRAY_SIZE(exception_names) && exception_names[vector]
					? exception_names[vector]
					: "reserved",
				rip);
		if (ktime_after(ktime_get(), deadline))
			return cpu_failed(
				error, index, -ETIMEDOUT,
				"did not come up within " __stringify(
					HRT_CPU_UP_TIMEOUT_MS) " ms: see 'hvmctl log' and the hvm-kernel console");
		usleep_range(20, 100);
	}
}

/* Start every HRT CPU in turn; on failure stop them all. */
int hvm_boot_cpus(char *error)
{
	unsigned int i;
	int err;

	for (i = 0; i < hvm_hrt.nr_cpus; i++) {
		hvm_trampoline_set_cpu(i);
		hvm_send_init(hvm_hrt.apic_id[i]);
		hvm_send_startup(hvm_hrt.apic_id[i]);
		err = wait_cpu_up(i, error);
		if (err) {
			hvm_boot_stop_cpus(false);
			return err;
		}
	}
	return 0;
}

/*
 * Stop HRT CPUs and see that they stopped: INIT, then a SIPI into the
 * trampoline's park loop, which counts each CPU once it took its INIT (an
 * INIT alone leaves no trace, and a vCPU may take it late). keep_crashed
 * leaves the CPUs that published CRASHED alone: they stopped themselves
 * right after ringing the doorbell, which an INIT could swallow. Waits at
 * most HRT_CPU_PARK_TIMEOUT_MS; the lock is held.
 */
void hvm_boot_stop_cpus(bool keep_crashed)
{
	ktime_t deadline;
	unsigned int i, sent = 0;
	bool stop[HVM_MAX_CPUS];

	hvm_trampoline_park();
	for (i = 0; i < hvm_hrt.nr_cpus; i++) {
		stop[i] = !keep_crashed ||
			  hvm_observe(&hrt_boot_info()->cpus[i].state) != HVM_CPU_CRASHED;
		if (stop[i])
			hvm_send_init(hvm_hrt.apic_id[i]);
	}
	for (i = 0; i < hvm_hrt.nr_cpus; i++) {
		if (stop[i]) {
			hvm_send_startup(hvm_hrt.apic_id[i]);
			sent++;
		}
	}
	deadline = ktime_add_ms(ktime_get(), HRT_CPU_PARK_TIMEOUT_MS);
	while (hvm_trampoline_parked() < sent) {
		if (ktime_after(ktime_get(), deadline)) {
			pr_err("only %u of the %u HRT CPUs stopped with INIT reached the trampoline's park loop within " __stringify(
				       HRT_CPU_PARK_TIMEOUT_MS) " ms (was the trampoline page at %pa overwritten?): the others may still run; 'hvmctl reboot' restarts hvm-kernel\n",
			       hvm_trampoline_parked(), sent, &hvm_partition.trampoline);
			return;
		}
		usleep_range(20, 100);
	}
}
