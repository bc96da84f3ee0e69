// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hvm: the device node through which hvmctl and multiverse-rt talk to
 * the module. Root-only (mode 0600), and unlike /dev/kvm never to be given
 * to a group: whoever boots or merges runs code in ring 0 on the HRT, which
 * can do anything in the VM. A descriptor outlives its opener's privilege
 * (kept across setuid, passed over a Unix socket), so the ioctls that boot,
 * stop or merge check CAP_SYS_ADMIN again when they are made (hvm_ioctls).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/security.h>
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

/*
 * CAP_SYS_ADMIN, checked when @name is made: the open needed root (mode
 * 0600), but the descriptor may have been kept across setuid or passed to
 * another process since.
 */
static bool hvm_capable(const char *name)
{
	if (capable(CAP_SYS_ADMIN))
		return true;
	pr_warn_ratelimited(
		"%s refused: pid %d lacks CAP_SYS_ADMIN; its /dev/hvm descriptor was opened by root and kept across setuid or passed on: make this call as root\n",
		name, task_tgid_nr(current));
	return false;
}

static long do_get_partition(struct hvm_file *f, void *arg)
{
	hvm_partition_describe(arg);
	return 0;
}

/*
 * Booting runs an unsigned image in ring 0 on CPUs of this machine, as kexec
 * does: a locked-down kernel refuses it for the same reason.
 */
static long boot_locked_down(struct hvm_boot_request *req)
{
	if (!security_locked_down(LOCKDOWN_KEXEC))
		return 0;
	snprintf(
		req->error, sizeof(req->error),
		"the kernel is locked down: booting hvm-kernel runs an unsigned image in ring 0, like kexec; boot Linux without lockdown to use the HRT");
	pr_warn_ratelimited("HVM_IOC_BOOT refused: %s\n", req->error);
	return -EPERM;
}

static long do_boot(struct hvm_file *f, void *arg)
{
	struct hvm_boot_request *req = arg;

	req->name[sizeof(req->name) - 1] = 0;
	req->error[0] = 0;
	if (boot_locked_down(req))
		return -EPERM;
	return hvm_hrt_boot(u64_to_user_ptr(req->image), req->size, req->name, req->flags,
			    req->error);
}

static long do_get_status(struct hvm_file *f, void *arg)
{
	struct hvm_status *st = arg;

	hvm_hrt_status(st);
	hvm_counters_read(&st->counters);
	return 0;
}

static long do_halt(struct hvm_file *f, void *arg)
{
	hvm_hrt_halt();
	return do_get_status(f, arg);
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
	if (f->space) {
		err = hvm_space_merge_again(f->space);
	} else {
		ctx = hvm_space_merge(req);
		if (IS_ERR(ctx))
			err = PTR_ERR(ctx);
		else
			f->space = ctx;
	}
	if (!err) {
		req->space = hvm_space_id(f->space);
		req->nr_cpus = hvm_hrt.nr_cpus;
		req->cpus = hvm_space_cpus(f->space);
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

static long do_answer(struct hvm_file *f, void *arg)
{
	return hvm_call_answer(f, arg);
}

static long do_cancel(struct hvm_file *f, void *arg)
{
	return hvm_call_cancel(f, arg);
}

static long do_signal(struct hvm_file *f, void *arg)
{
	return hvm_call_signal(f, arg);
}

/* Any process's own profile; another process's (by pid or space) needs privilege. */
static long do_get_profile(struct hvm_file *f, void *arg)
{
	struct hvm_profile_request *req = arg;
	bool own = !req->pid && !(req->flags & HVM_PROFILE_BY_SPACE);

	if (!own && !hvm_capable("HVM_IOC_GET_PROFILE of another process"))
		return -EPERM;
	return hvm_profile_get(req);
}

static long do_list_threads(struct hvm_file *f, void *arg)
{
	return hvm_threads_list(arg);
}

/*
 * Every ioctl takes one structure that starts with magic and revision: it
 * is copied in whole, checked, handled, and copied back (also on failure,
 * so error texts and partial results reach the caller).
 *
 * admin: the ioctl changes what every process sees or puts new code in
 * ring 0 (boot, halt, ping commands to every HRT CPU, test hooks, merging a
 * new address space), so it needs CAP_SYS_ADMIN when it is made. The others
 * read state or act on this descriptor's own merged space, which a process
 * keeps using after it drops privilege (a hybrid program that calls setuid
 * goes on making its calls); GET_PROFILE checks per request.
 */
#define HVM_IOCTL(cmd, handler, admin)                                                             \
	{                                                                                          \
		cmd, #cmd, handler, admin                                                          \
	}

static const struct hvm_ioctl_entry {
	unsigned int cmd;
	const char *name;
	long (*handler)(struct hvm_file *f, void *arg);
	bool admin;
} hvm_ioctls[] = {
	HVM_IOCTL(HVM_IOC_GET_PARTITION, do_get_partition, false),
	HVM_IOCTL(HVM_IOC_BOOT, do_boot, true),
	HVM_IOCTL(HVM_IOC_HALT, do_halt, true),
	HVM_IOCTL(HVM_IOC_GET_STATUS, do_get_status, false),
	HVM_IOCTL(HVM_IOC_READ_LOG, do_read_log, false),
	HVM_IOCTL(HVM_IOC_GET_CRASH, do_get_crash, false),
	HVM_IOCTL(HVM_IOC_PING, do_ping, true),
	HVM_IOCTL(HVM_IOC_TEST_CRASH, do_test_crash, true),
	HVM_IOCTL(HVM_IOC_MERGE, do_merge, true),
	HVM_IOCTL(HVM_IOC_CALL, do_call, false),
	HVM_IOCTL(HVM_IOC_WAIT, do_wait, false),
	HVM_IOCTL(HVM_IOC_RESUME, do_resume, false),
	HVM_IOCTL(HVM_IOC_CANCEL, do_cancel, false),
	HVM_IOCTL(HVM_IOC_SIGNAL, do_signal, false),
	HVM_IOCTL(HVM_IOC_GET_PROFILE, do_get_profile, false),
	HVM_IOCTL(HVM_IOC_ANSWER, do_answer, false),
	HVM_IOCTL(HVM_IOC_LIST_THREADS, do_list_threads, true),
};

/* Requests this small are copied onto the stack: a partner's HVM_IOC_ANSWER allocates nothing. */
#define IOCTL_ON_STACK 128

static long hvm_ioctl(struct file *file, unsigned int cmd, unsigned long uarg)
{
	const struct hvm_ioctl_entry *e = NULL;
	u64 small[IOCTL_ON_STACK / sizeof(u64)];
	unsigned int i, size;
	void *arg;
	long err;

	for (i = 0; i < ARRAY_SIZE(hvm_ioctls); i++)
		if (hvm_ioctls[i].cmd == cmd)
			e = &hvm_ioctls[i];
	if (!e)
		return -ENOTTY;
	if (e->admin && !hvm_capable(e->name))
		return -EPERM;
	size = _IOC_SIZE(cmd);
	if (size <= sizeof(small)) {
		arg = small;
		if (copy_from_user(arg, (void __user *)uarg, size))
			return -EFAULT;
	} else {
		arg = memdup_user((void __user *)uarg, size);
		if (IS_ERR(arg))
			return PTR_ERR(arg);
	}
	err = hvm_check_header(arg);
	if (!err)
		err = e->handler(file->private_data, arg);
	if (err != -EPROTO && copy_to_user((void __user *)uarg, arg, size))
		err = -EFAULT;
	if (arg != small)
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
	.groups = hvm_attr_groups,
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
