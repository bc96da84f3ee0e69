// SPDX-License-Identifier: GPL-2.0
/*
 * The HRT state machine: boot, warm reboot and halt of hvm-kernel, its
 * status, commands through the per-CPU mailboxes, and collection of crash
 * records. Every transition runs under hvm_hrt.lock; nothing here trusts
 * what the HRT wrote: each field is read once and checked.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "hvm_call_check.h"
#include "hvm_module.h"

/* A fallback: the HRT rings the doorbell when a CPU crashes. */
#define HRT_WATCH_PERIOD HZ

struct hvm_hrt hvm_hrt;

static void hrt_set_error(const char *text)
{
	strscpy(hvm_hrt.error, text, sizeof(hvm_hrt.error));
}

/* Copy a crash record out of the partition, checking what can be checked. */
static void collect_crash(unsigned int cpu)
{
	struct hvm_crash_record *rec = &hvm_hrt.crash;

	memcpy(rec, hrt_crash_slot(cpu), sizeof(*rec));
	hvm_crash_sanitize(rec, cpu);
	if (rec->magic != HVM_ABI_MAGIC || !rec->valid)
		strscpy(rec->reason, "(no valid crash record was written)", sizeof(rec->reason));
	hvm_hrt.crash_available = true;
	hvm_hrt.crash_generation = hvm_hrt.generation;
	hvm_hrt.crash_image_hash = hvm_hrt.image_hash;
	hvm_hrt.crashed_cpu = cpu;
	WRITE_ONCE(hvm_hrt.state, HVM_HRT_CRASHED);
	hvm_calls_wake();
	pr_err("hvm-kernel crashed on HRT CPU %u (Linux cpu%u): %s at RIP %#llx, vector %llu; Linux is unaffected: 'hvmctl crash' shows the record, 'hvmctl reboot' restarts hvm-kernel\n",
	       cpu, hvm_hrt.linux_cpu[cpu], rec->reason, rec->rip, rec->vector);
}

/* Look for a CPU that published CRASHED; called with the lock held. */
bool hvm_hrt_check_crash(void)
{
	unsigned int i;

	if (hvm_hrt.state != HVM_HRT_RUNNING)
		return false;
	for (i = 0; i < hvm_hrt.nr_cpus; i++) {
		if (hvm_observe(&hrt_boot_info()->cpus[i].state) == HVM_CPU_CRASHED) {
			collect_crash(i);
			return true;
		}
	}
	return false;
}

static void hrt_watch(struct work_struct *work)
{
	mutex_lock(&hvm_hrt.lock);
	if (!hvm_hrt_check_crash() && hvm_hrt.state == HVM_HRT_RUNNING)
		schedule_delayed_work(&hvm_hrt.watch, HRT_WATCH_PERIOD);
	mutex_unlock(&hvm_hrt.lock);
}

/* Stop every HRT CPU; the lock is held. Callers waiting on calls give up. */
static void hrt_stop(u32 new_state)
{
	if (hvm_hrt.state == HVM_HRT_RUNNING || hvm_hrt.state == HVM_HRT_CRASHED)
		hvm_boot_stop_cpus();
	WRITE_ONCE(hvm_hrt.state, new_state);
	hvm_calls_wake();
}

/* Boot the image already in hvm_hrt.image; the lock is held. */
static int hrt_start(char *error)
{
	ktime_t t0;
	int err;

	hvm_hrt.generation++;
	hvm_image_load(hvm_hrt.image, &hvm_hrt.layout);
	hvm_boot_prepare(&hvm_hrt.layout);
	hvm_clock_boot_prepare();
	hvm_spaces_republish();
	hvm_calls_reset();
	t0 = ktime_get();
	err = hvm_boot_cpus(error);
	if (err) {
		WRITE_ONCE(hvm_hrt.state, HVM_HRT_FAILED);
		hrt_set_error(error);
		pr_err("%s\n", error);
		return err;
	}
	hvm_hrt.up_since = ktime_get();
	hvm_hrt.boot_time_ns = ktime_to_ns(ktime_sub(hvm_hrt.up_since, t0));
	WRITE_ONCE(hvm_hrt.state, HVM_HRT_RUNNING);
	hvm_clock_boot_done(); /* pings the CPUs: after RUNNING */
	hvm_hrt.error[0] = 0;
	schedule_delayed_work(&hvm_hrt.watch, HRT_WATCH_PERIOD);
	return 0;
}

/* Take a new image: checked completely before the running HRT is touched. */
static int hrt_take_image(const void __user *uimage, u64 size, const char *name, char *error)
{
	struct hvm_elf_image layout;
	void *image;
	int err;

	if (hvm_hrt.state == HVM_HRT_RUNNING) {
		snprintf(
			error, HVM_ERROR_LEN,
			"hvm-kernel is already running (boot %u): 'hvmctl reboot' restarts it, 'hvmctl halt' stops it",
			hvm_hrt.generation);
		return -EBUSY;
	}
	err = hvm_image_fetch(uimage, size, &image, &layout, error);
	if (err)
		return err;
	vfree(hvm_hrt.image);
	hvm_hrt.image = image;
	hvm_hrt.image_size = size;
	hvm_hrt.image_hash = hvm_image_hash(image, size);
	hvm_hrt.layout = layout;
	strscpy(hvm_hrt.image_name, name, sizeof(hvm_hrt.image_name));
	return 0;
}

int hvm_hrt_boot(const void __user *uimage, u64 size, const char *name, u32 flags, char *error)
{
	int err;

	hvm_calls_block();
	mutex_lock(&hvm_hrt.lock);
	if (flags & HVM_BOOT_AGAIN) {
		err = -ENOENT;
		if (!hvm_hrt.image) {
			snprintf(error, HVM_ERROR_LEN,
				 "no image was booted yet: use 'hvmctl boot [IMAGE]' first");
			goto out_unlock;
		}
		hrt_stop(HVM_HRT_HALTED);
	} else {
		err = hrt_take_image(uimage, size, name, error);
		if (err)
			goto out_unlock;
		hrt_stop(hvm_hrt.state);
	}
	err = hrt_start(error);
out_unlock:
	mutex_unlock(&hvm_hrt.lock);
	hvm_calls_unblock();
	if (err && err != -ETIMEDOUT && err != -EIO)
		pr_warn("boot refused: %s\n", error);
	return err;
}

int hvm_hrt_halt(void)
{
	hvm_calls_block();
	mutex_lock(&hvm_hrt.lock);
	hrt_stop(hvm_hrt.state == HVM_HRT_NOT_BOOTED ? HVM_HRT_NOT_BOOTED : HVM_HRT_HALTED);
	mutex_unlock(&hvm_hrt.lock);
	hvm_calls_unblock();
	cancel_delayed_work_sync(&hvm_hrt.watch);
	return 0;
}

void hvm_hrt_status(struct hvm_status *st)
{
	unsigned int i;

	mutex_lock(&hvm_hrt.lock);
	hvm_hrt_check_crash();
	st->state = hvm_hrt.state;
	st->generation = hvm_hrt.generation;
	st->nr_cpus = hvm_hrt.nr_cpus;
	st->nr_up = 0;
	/* Halted or failed CPUs were stopped with INIT, whatever they last wrote. */
	for (i = 0; i < hvm_hrt.nr_cpus; i++) {
		bool live = hvm_hrt.state == HVM_HRT_RUNNING || hvm_hrt.state == HVM_HRT_CRASHED;

		st->cpu_state[i] =
			live ? hvm_read_once(&hrt_boot_info()->cpus[i].state) : HVM_CPU_OFF;
		if (hvm_core_is_lost(i)) /* stopped with INIT after it did not answer */
			st->cpu_state[i] = HVM_CPU_OFF;
		st->nr_up += st->cpu_state[i] == HVM_CPU_UP;
	}
	st->boot_time_ns = hvm_hrt.boot_time_ns;
	st->uptime_ns = hvm_hrt.state == HVM_HRT_RUNNING
				? ktime_to_ns(ktime_sub(ktime_get(), hvm_hrt.up_since))
				: 0;
	st->image_size = hvm_hrt.image_size;
	st->image_hash = hvm_hrt.image_hash;
	st->crashed_cpu = hvm_hrt.crashed_cpu;
	strscpy(st->image_name, hvm_hrt.image_name, sizeof(st->image_name));
	strscpy(st->error, hvm_hrt.error, sizeof(st->error));
	mutex_unlock(&hvm_hrt.lock);
}

int hvm_hrt_get_crash(struct hvm_crash_info *info)
{
	mutex_lock(&hvm_hrt.lock);
	hvm_hrt_check_crash();
	info->available = hvm_hrt.crash_available;
	info->generation = hvm_hrt.crash_generation;
	info->image_hash = hvm_hrt.crash_image_hash;
	info->record = hvm_hrt.crash;
	mutex_unlock(&hvm_hrt.lock);
	return 0;
}

static void hrt_fill_cpus(void)
{
	unsigned int cpu, n = 0;

	for_each_cpu (cpu, &hvm_partition.hrt_cpus) {
		hvm_hrt.linux_cpu[n] = cpu;
		hvm_hrt.apic_id[n] = per_cpu(x86_cpu_to_apicid, cpu);
		n++;
	}
	hvm_hrt.nr_cpus = n;
}

int hvm_hrt_init(void)
{
	mutex_init(&hvm_hrt.lock);
	hvm_cores_init();
	hvm_calls_init();
	INIT_DELAYED_WORK(&hvm_hrt.watch, hrt_watch);
	hrt_fill_cpus();
	hvm_hrt.part = memremap(hvm_partition.mem_base, hvm_partition.mem_size, MEMREMAP_WB);
	if (!hvm_hrt.part) {
		pr_err("cannot map the HRT memory at %pa\n", &hvm_partition.mem_base);
		return -ENOMEM;
	}
	hvm_hrt.tramp = memremap(hvm_partition.trampoline, PAGE_SIZE, MEMREMAP_WB);
	if (!hvm_hrt.tramp) {
		pr_err("cannot map the trampoline page at %pa\n", &hvm_partition.trampoline);
		memunmap(hvm_hrt.part);
		return -ENOMEM;
	}
	return 0;
}

void hvm_hrt_exit(void)
{
	hvm_hrt_halt();
	memunmap(hvm_hrt.tramp);
	memunmap(hvm_hrt.part);
	vfree(hvm_hrt.image);
}
