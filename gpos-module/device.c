// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hvm: the device node through which hvmctl and multiverse-rt talk to
 * the module. Root-only (mode 0600), like /dev/kvm before a group is given
 * access: whoever opens it can run code in ring 0 on the HRT.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "hvm_module.h"

/* Check the caller's magic and revision before anything else is read. */
static int hvm_check_header(const u32 *header)
{
	if (header[0] != HVM_ABI_MAGIC || header[1] != HVM_ABI_REVISION) {
		pr_warn_ratelimited(
			"caller speaks ABI magic %#x revision %u, module speaks %#x revision %u: rebuild the tools and hvm.ko from the same tree\n",
			header[0], header[1], HVM_ABI_MAGIC, HVM_ABI_REVISION);
		return -EPROTO;
	}
	return 0;
}

static long do_get_partition(struct hvm_file *f, void *arg)
{
	hvm_partition_describe(arg);
	return 0;
}

static long do_boot(struct hvm_file *f, void *arg)
{
	struct hvm_boot_request *req = arg;

	req->name[sizeof(req->name) - 1] = 0;
	req->error[0] = 0;
	return hvm_hrt_boot(u64_to_user_ptr(req->image), req->size, req->name, req->flags,
			    req->error);
}

static long do_halt(struct hvm_file *f, void *arg)
{
	hvm_hrt_halt();
	hvm_hrt_status(arg);
	return 0;
}

static long do_get_status(struct hvm_file *f, void *arg)
{
	hvm_hrt_status(arg);
	return 0;
}

static long do_read_log(struct hvm_file *f, void *arg)
{
	return hvm_log_read(arg);
}

static long do_get_crash(struct hvm_file *f, void *arg)
{
	return hvm_hrt_get_crash(arg);
}

static long do_ping(struct hvm_file *f, void *arg)
{
	return hvm_hrt_ping(arg);
}

static long do_test_crash(struct hvm_file *f, void *arg)
{
	struct hvm_test_crash *req = arg;

	return hvm_hrt_test_crash(req->cpu, req->kind);
}

static long do_merge(struct hvm_file *f, void *arg)
{
	struct hvm_merge_request *req = arg;
	struct hvm_space_ctx *ctx;
	long err = 0;

	mutex_lock(&f->lock);
	if (!f->space) {
		ctx = hvm_space_merge(req);
		if (IS_ERR(ctx))
			err = PTR_ERR(ctx);
		else
			f->space = ctx;
	}
	if (!err) {
		req->space = hvm_space_id(f->space);
		req->nr_cpus = hvm_hrt.nr_cpus;
	}
	mutex_unlock(&f->lock);
	return err;
}

static long do_call(struct hvm_file *f, void *arg)
{
	return hvm_call(f, arg);
}

static long do_wait(struct hvm_file *f, void *arg)
{
	return hvm_call_wait(f, arg);
}

static long do_resume(struct hvm_file *f, void *arg)
{
	return hvm_call_resume(f, arg);
}

static long do_cancel(struct hvm_file *f, void *arg)
{
	return hvm_call_cancel(f, arg);
}

static long do_signal(struct hvm_file *f, void *arg)
{
	return hvm_call_signal(f, arg);
}

static long do_get_profile(struct hvm_file *f, void *arg)
{
	return hvm_profile_get(arg);
}

/*
 * Every ioctl takes one structure that starts with magic and revision: it
 * is copied in whole, checked, handled, and copied back (also on failure,
 * so error texts and partial results reach the caller).
 */
static const struct hvm_ioctl_entry {
	unsigned int cmd;
	long (*handler)(struct hvm_file *f, void *arg);
} hvm_ioctls[] = {
	{HVM_IOC_GET_PARTITION, do_get_partition},
	{HVM_IOC_BOOT, do_boot},
	{HVM_IOC_HALT, do_halt},
	{HVM_IOC_GET_STATUS, do_get_status},
	{HVM_IOC_READ_LOG, do_read_log},
	{HVM_IOC_GET_CRASH, do_get_crash},
	{HVM_IOC_PING, do_ping},
	{HVM_IOC_TEST_CRASH, do_test_crash},
	{HVM_IOC_MERGE, do_merge},
	{HVM_IOC_CALL, do_call},
	{HVM_IOC_WAIT, do_wait},
	{HVM_IOC_RESUME, do_resume},
	{HVM_IOC_CANCEL, do_cancel},
	{HVM_IOC_SIGNAL, do_signal},
	{HVM_IOC_GET_PROFILE, do_get_profile},
};

static long hvm_ioctl(struct file *file, unsigned int cmd, unsigned long uarg)
{
	const struct hvm_ioctl_entry *e = NULL;
	unsigned int i, size;
	void *arg;
	long err;

	for (i = 0; i < ARRAY_SIZE(hvm_ioctls); i++)
		if (hvm_ioctls[i].cmd == cmd)
			e = &hvm_ioctls[i];
	if (!e)
		return -ENOTTY;
	size = _IOC_SIZE(cmd);
	arg = memdup_user((void __user *)uarg, size);
	if (IS_ERR(arg))
		return PTR_ERR(arg);
	err = hvm_check_header(arg);
	if (!err)
		err = e->handler(file->private_data, arg);
	if (err != -EPROTO && copy_to_user((void __user *)uarg, arg, size))
		err = -EFAULT;
	kfree(arg);
	return err;
}

static int hvm_open(struct inode *inode, struct file *file)
{
	struct hvm_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	mutex_init(&f->lock);
	xa_init_flags(&f->pending, XA_FLAGS_ALLOC);
	file->private_data = f;
	return 0;
}

/* Last close (or exit): stop this file's calls, then unmerge its space. */
static int hvm_release(struct inode *inode, struct file *file)
{
	struct hvm_file *f = file->private_data;

	hvm_calls_release(f);
	if (f->space)
		hvm_space_put(f->space);
	xa_destroy(&f->pending);
	kfree(f);
	return 0;
}

static const struct file_operations hvm_fops = {
	.owner = THIS_MODULE,
	.open = hvm_open,
	.release = hvm_release,
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
