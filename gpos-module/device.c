// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hvm: the device node through which hvmctl and multiverse-rt talk to
 * the module. Root-only (mode 0600), like /dev/kvm before a group is given
 * access: whoever opens it can run code in ring 0 on the HRT.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>

#include "hvm_module.h"

/* Check the caller's magic and revision before anything else is read. */
static int hvm_check_header(const struct hvm_partition_info *in)
{
	if (in->magic != HVM_ABI_MAGIC || in->revision != HVM_ABI_REVISION) {
		pr_warn_ratelimited("caller speaks ABI magic %#x revision %u, module speaks %#x revision %u: rebuild the tools and hvm.ko from the same tree\n",
				    in->magic, in->revision, HVM_ABI_MAGIC,
				    HVM_ABI_REVISION);
		return -EPROTO;
	}
	return 0;
}

static long hvm_ioctl_get_partition(void __user *uarg)
{
	struct hvm_partition_info *info;
	long err;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	err = -EFAULT;
	if (copy_from_user(info, uarg, 2 * sizeof(__u32)))
		goto out_free;
	err = hvm_check_header(info);
	if (err)
		goto out_free;
	hvm_partition_describe(info);
	err = copy_to_user(uarg, info, sizeof(*info)) ? -EFAULT : 0;
out_free:
	kfree(info);
	return err;
}

static long hvm_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case HVM_IOC_GET_PARTITION:
		return hvm_ioctl_get_partition((void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations hvm_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = hvm_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice hvm_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "hvm",
	.fops = &hvm_fops,
	.mode = 0600,
};

int hvm_device_register(void)
{
	int err = misc_register(&hvm_miscdev);

	if (err)
		pr_err("cannot register /dev/hvm (error %d): is another hvm module loaded?\n", err);
	return err;
}

void hvm_device_unregister(void)
{
	misc_deregister(&hvm_miscdev);
}
