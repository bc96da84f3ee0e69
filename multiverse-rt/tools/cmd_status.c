// SPDX-License-Identifier: MIT
/* hvmctl status: the partition hvm.ko verified and hvm-kernel's state. */
#include <string.h>
#include <unistd.h>

#include "hvmctl.h"

static const char *region_verdict(const struct hvm_region_info *r)
{
	if (!(r->flags & HVM_REGION_BACKED))
		return "NOT RAM in the firmware map";
	if (!(r->flags & HVM_REGION_RESERVED))
		return "NOT reserved from Linux";
	return "reserved from Linux, backed by RAM: ok";
}

static void print_region(const char *name, const struct hvm_region_info *r)
{
	unsigned long long end = r->base + r->size - 1;
	int mib = r->size >= (1ull << 20);

	printf("  %-12s %#010llx-%#010llx %6llu %s  %s\n", name, r->base, end,
	       mib ? r->size >> 20 : r->size >> 10, mib ? "MiB" : "KiB", region_verdict(r));
}

static const char *cpu_state_name(__u32 state)
{
	switch (state) {
	case HVM_CPU_UP:
		return "up";
	case HVM_CPU_CRASHED:
		return "CRASHED";
	default:
		return "stopped";
	}
}

static void print_cpus(const struct hvm_partition_info *p, const struct hvm_status *st)
{
	int booted = st->state != HVM_HRT_NOT_BOOTED;

	printf("  %-12s %u set aside for hvm-kernel, %u online for Linux\n", "vCPUs",
	       p->nr_hrt_cpus, p->nr_linux_cpus);
	for (unsigned int i = 0; i < p->nr_hrt_cpus && i < HVM_MAX_HRT_CPUS; i++) {
		const struct hvm_cpu_info *c = &p->hrt_cpus[i];
		const char *linux_view =
			c->flags & HVM_CPU_LINUX_ONLINE ? "online in Linux (will be taken at boot)"
			: c->flags & HVM_CPU_PRESENT	? "offline in Linux: set aside"
							: "NOT present";

		printf("  %-12s cpu%u  APIC id %u  %s%s%s\n", "HRT vCPU", c->linux_cpu, c->apic_id,
		       linux_view, booted ? ", hvm-kernel core " : "",
		       booted ? cpu_state_name(st->cpu_state[i]) : "");
	}
}

static void print_hrt(const struct hvm_status *st)
{
	printf("hvm-kernel: %s", hrt_state_name(st->state));
	if (st->state == HVM_HRT_RUNNING)
		printf(" (boot %u), %u/%u cores up, uptime %.3f s, boot time %llu us",
		       st->generation, st->nr_up, st->nr_cpus, (double)st->uptime_ns / 1e9,
		       st->boot_time_ns / 1000);
	if (st->state == HVM_HRT_CRASHED)
		printf(" (boot %u) on HRT core %u: 'hvmctl crash' shows why, 'hvmctl reboot' restarts it",
		       st->generation, st->crashed_cpu);
	printf("\n");
	if (st->image_size)
		printf("  image: %s (tag %s, %llu bytes)\n", st->image_name, st->image_tag,
		       st->image_size);
	if (st->error[0])
		printf("  last error: %s\n", st->error);
}

/* The live objects, for leak checks: all but inits_sent and free pages are 0 when idle. */
static void print_counters(const struct hvm_counters *c)
{
	printf("live objects:\n");
#define PRINT_COUNTER(field, label, what) printf("  %-14s %8llu  %s\n", label, c->field, what);
	HVM_FOR_EACH_COUNTER(PRINT_COUNTER)
#undef PRINT_COUNTER
}

int cmd_status(int argc, char **argv)
{
	struct hvm_partition_info p = {0};
	struct hvm_status st = {0};
	int err;

	(void)argc, (void)argv;
	err = hvmctl_request(HVM_IOC_GET_PARTITION, &p);
	if (!err)
		err = hvmctl_request(HVM_IOC_GET_STATUS, &st);
	if (err)
		return err == HVMCTL_NO_DEVICE ? 1 : hvmctl_fail("status", err);
	printf("hvm: device %s, ABI revision %u\n", HVM_DEVICE_PATH, p.revision);
	printf("partition:\n");
	print_region("trampoline", &p.trampoline);
	print_region("HRT memory", &p.hrt_mem);
	print_cpus(&p, &st);
	print_hrt(&st);
	print_counters(&st.counters);
	return 0;
}
