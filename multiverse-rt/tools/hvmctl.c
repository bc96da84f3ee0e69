// SPDX-License-Identifier: MIT
/*
 * hvmctl: the administrator's view of the specialized kernel's partition.
 *   hvmctl status   what hvm.ko sees and verified: regions, vCPUs, HRT state
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hvm_dev.h"

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

	if (r->size >= (1ull << 20))
		printf("  %-12s %#010llx-%#010llx %6llu MiB  %s\n", name, r->base,
		       end, r->size >> 20, region_verdict(r));
	else
		printf("  %-12s %#010llx-%#010llx %6llu KiB  %s\n", name, r->base,
		       end, r->size >> 10, region_verdict(r));
}

static void print_cpus(const struct hvm_partition_info *p)
{
	unsigned int i;

	printf("  %-12s %u set aside for hvm-kernel, %u online for Linux\n",
	       "vCPUs", p->nr_hrt_cpus, p->nr_linux_cpus);
	for (i = 0; i < p->nr_hrt_cpus && i < HVM_MAX_HRT_CPUS; i++) {
		const struct hvm_cpu_info *c = &p->hrt_cpus[i];

		printf("  %-12s cpu%u  APIC id %u  %s\n", "HRT vCPU", c->linux_cpu,
		       c->apic_id,
		       c->flags & HVM_CPU_LINUX_ONLINE ? "online in Linux (will be taken at boot)" :
		       c->flags & HVM_CPU_PRESENT ? "offline in Linux: set aside" :
		       "NOT present");
	}
}

static int cmd_status(void)
{
	struct hvm_partition_info p;
	int fd, err;

	fd = mv_dev_open();
	if (fd < 0)
		goto fail;
	err = mv_dev_get_partition(fd, &p);
	close(fd);
	if (err)
		goto fail;
	printf("hvm: device %s, ABI revision %u\n", HVM_DEVICE_PATH, p.revision);
	printf("partition:\n");
	print_region("trampoline", &p.trampoline);
	print_region("HRT memory", &p.hrt_mem);
	print_cpus(&p);
	printf("hvm-kernel: %s\n",
	       p.hrt_state == HVM_HRT_NOT_BOOTED ? "not booted" : "unknown state");
	return 0;
fail:
	fprintf(stderr, "hvmctl: %s\n", mv_dev_error());
	return 1;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: hvmctl COMMAND\n"
		     "commands:\n"
		     "  status   show the partition hvm.ko verified and the hvm-kernel state\n");
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "status"))
		return cmd_status();
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 2;
}
