// SPDX-License-Identifier: GPL-2.0
/*
 * The live objects of hvm.ko and hvm-kernel (hvm/ioctl.h, struct
 * hvm_counters), for leak checks: HVM_IOC_GET_STATUS carries them and
 * /sys/class/misc/hvm/counters prints them, one "label value" per line, so
 * a test can assert that everything is back to zero after its programs
 * ended. Each subsystem counts its own objects; this file only gathers
 * them. hvm-kernel's two are what it last published in the boot
 * information: untrusted numbers, reported and never acted on.
 */
#include <linux/device.h>
#include <linux/sysfs.h>

#include "hvm_module.h"

/* What hvm-kernel says of itself, while it runs (0 otherwise). */
static void counters_from_hrt(struct hvm_counters *c)
{
	u32 state = READ_ONCE(hvm_hrt.state);

	if (state != HVM_HRT_RUNNING && state != HVM_HRT_CRASHED)
		return;
	c->hrt_threads = hvm_read_once(&hrt_boot_info()->nr_threads);
	c->hrt_free_pages = hvm_read_once(&hrt_boot_info()->free_pages);
}

void hvm_counters_read(struct hvm_counters *c)
{
	memset(c, 0, sizeof(*c));
	c->busy_slots = hvm_slots_busy();
	c->spaces = hvm_spaces_count();
	c->tickets = hvm_tickets_count();
	c->lost_cpus = hvm_cores_lost();
	c->inits_sent = hvm_cores_inits_sent();
	counters_from_hrt(c);
}

static ssize_t counters_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct hvm_counters c;
	int len = 0;

	hvm_counters_read(&c);
#define COUNTER_LINE(field, label, what)                                                           \
	len += sysfs_emit_at(buf, len, "%s %llu\n", label, c.field);
	HVM_FOR_EACH_COUNTER(COUNTER_LINE)
#undef COUNTER_LINE
	return len;
}

static DEVICE_ATTR_RO(counters);

static struct attribute *hvm_attrs[] = {
	&dev_attr_counters.attr,
	NULL,
};

static const struct attribute_group hvm_attr_group = {
	.attrs = hvm_attrs,
};

const struct attribute_group *hvm_attr_groups[] = {
	&hvm_attr_group,
	NULL,
};
