// SPDX-License-Identifier: GPL-2.0
/*
 * System-call profiles (hvm/profile.h): hvm-kernel counts every system
 * call of a merged process, served natively or forwarded, with its time,
 * in the space's area of the partition. hvm.ko zeroes the area when a
 * process merges and hands a copy to HVM_IOC_GET_PROFILE: the runtime's
 * report at exit and 'hvmctl profile' read it live. The counters are the
 * HRT's: plain numbers, copied as they are, never used as indices.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/pid.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/tsc.h>
#include <hvm/profile.h>

#include "hvm_module.h"

#define PROFILE_BYTES (sizeof(struct hvm_profile_entry) * HVM_NR_SYSCALLS)

static struct hvm_profile_entry *profile_area(unsigned int id)
{
	return hvm_profile_at(hvm_hrt.part, id);
}

/* Before space id is published LIVE: its next process starts from zero. */
void hvm_profile_reset(unsigned int id)
{
	memset(profile_area(id), 0, PROFILE_BYTES);
}

/* Space id's counters as they are now, into out[HVM_NR_SYSCALLS]. */
void hvm_profile_copy(unsigned int id, struct hvm_profile_entry *out)
{
	memcpy(out, profile_area(id), PROFILE_BYTES);
}

/* The address space of process @pid (a reference to drop with mmput), or an ERR_PTR. */
static struct mm_struct *profile_target_mm(u32 pid)
{
	struct pid *p = find_get_pid(pid);
	struct task_struct *task = p ? get_pid_task(p, PIDTYPE_PID) : NULL;
	struct mm_struct *mm;

	put_pid(p);
	if (!task)
		return ERR_PTR(-ESRCH);
	mm = get_task_mm(task);
	put_task_struct(task);
	return mm ? mm : ERR_PTR(-ENOENT); /* a kernel thread or an exiting task */
}

/* Find the space the request names and copy its counters into out. */
static long profile_lookup(struct hvm_profile_request *req, struct hvm_profile_entry *out)
{
	struct mm_struct *mm;
	long err;

	if ((req->flags & HVM_PROFILE_BY_SPACE) && req->space >= HVM_MAX_SPACES)
		return -EINVAL;
	if (req->flags & HVM_PROFILE_BY_SPACE)
		return hvm_space_read_profile(NULL, req, out);
	if (!req->pid)
		return hvm_space_read_profile(current->mm, req, out);
	mm = profile_target_mm(req->pid);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	err = hvm_space_read_profile(mm, req, out);
	mmput(mm);
	return err;
}

long hvm_profile_get(struct hvm_profile_request *req)
{
	struct hvm_profile_entry *copy;
	u32 n = min_t(u32, req->nr_entries, HVM_NR_SYSCALLS);
	long err;

	if (req->flags & ~HVM_PROFILE_BY_SPACE)
		return -EINVAL;
	copy = kmalloc(PROFILE_BYTES, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	err = profile_lookup(req, copy);
	req->nr_entries = 0;
	req->tsc_khz = tsc_khz;
	if (!err && copy_to_user(u64_to_user_ptr(req->buf), copy, n * sizeof(*copy)))
		err = -EFAULT;
	if (!err)
		req->nr_entries = n;
	kfree(copy);
	return err;
}
