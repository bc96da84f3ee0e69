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

/* The first HRT CPU that published CRASHED, or -1 (also from the doorbell's interrupt). */
int hvm_hrt_crashed_cpu(void)
{
	unsigned int i;

	for (i = 0; i < hvm_hrt.nr_cpus; i++)
		if (hvm_observe(&hrt_boot_info()->cpus[i].state) == HVM_CPU_CRASHED)
			return i;
	return -1;
}

/* Copy CPU cpu's crash record out of the partition for 'hvmctl crash', checked. */
static void take_crash_record(unsigned int cpu)
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
}

/*
 * HRT CPU cpu crashed while hvm-kernel ran. Every other HRT CPU is stopped
 * with INIT first, before the state says CRASHED and before any waiter is
 * woken: a waiter then gives up its call (call_slot.c, slot_orphaned) and
 * its process may exit and have its memory freed, so no other CPU may
 * still run a call in it. Containment is the whole HRT, not the one CPU:
 * the crash may have left hvm-kernel's shared state (scheduler, futexes,
 * heap) half-changed under the others.
 *
 * INIT is asynchronous: a vCPU takes it when it next runs, which on a busy
 * host may be milliseconds later, in the middle of a program's loop. So
 * the stop waits (bounded) until each CPU shows it took the INIT by running
 * the trampoline's park loop (boot.c, hvm_boot_stop_cpus).
 */
static void collect_crash(unsigned int cpu)
{
	/* The CPUs that crashed stopped themselves; hrt_stop() parks them at the next reboot or halt. */
	hvm_boot_stop_cpus(true);
	take_crash_record(cpu);
	WRITE_ONCE(hvm_hrt.state, HVM_HRT_CRASHED);
	hvm_calls_wake();
	pr_err("hvm-kernel crashed on HRT CPU %u (Linux cpu%u): %s at RIP %#llx, vector %llu; every HRT core was stopped and the hybrid programs on them end with an error; Linux is unaffected: 'hvmctl crash' shows the record, 'hvmctl reboot' restarts hvm-kernel\n",
	       cpu, hvm_hrt.linux_cpu[cpu], hvm_hrt.crash.reason, hvm_hrt.crash.rip,
	       hvm_hrt.crash.vector);
}

/*
 * Look for a CPU that published CRASHED and contain it; called with the lock
 * held, by every path that may find a crash first (the doorbell's and the
 * periodic watch, status, crash, ping, test-crash).
 */
bool hvm_hrt_check_crash(void)
{
	int cpu;

	if (hvm_hrt.state != HVM_HRT_RUNNING)
		return false;
	cpu = hvm_hrt_crashed_cpu();
	if (cpu < 0)
		return false;
	collect_crash(cpu);
	return true;
}

static void hrt_watch(struct work_struct *work)
{
	mutex_lock(&hvm_hrt.lock);
	if (!hvm_hrt_check_crash() && hvm_hrt.state == HVM_HRT_RUNNING)
		schedule_delayed_work(&hvm_hrt.watch, HRT_WATCH_PERIOD);
	mutex_unlock(&hvm_hrt.lock);
}

/*
 * Stop every HRT CPU, then change the state; the lock is held. Callers
 * waiting on calls give up, and may: no HRT CPU runs any more.
 */
static void hrt_stop(u32 new_state)
{
	if (hvm_hrt.state == HVM_HRT_RUNNING || hvm_hrt.state == HVM_HRT_CRASHED)
		hvm_boot_stop_cpus(false);
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
	err = hvm_boot_cpus(error); /* on failure every HRT CPU was stopped */
	if (err) {
		int crashed = hvm_hrt_crashed_cpu();

		if (crashed >= 0) /* 'hvmctl crash' shows why it failed */
			take_crash_record(crashed);
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

/* -EBUSY with error filled while hvm-kernel runs: a new image needs a halt first. */
static int hrt_busy(char *error)
{
	if (READ_ONCE(hvm_hrt.state) != HVM_HRT_RUNNING)
		return 0;
	snprintf(
		error, HVM_ERROR_LEN,
		"hvm-kernel is already running (boot %u): 'hvmctl reboot' restarts it, 'hvmctl halt' stops it",
		READ_ONCE(hvm_hrt.generation));
	return -EBUSY;
}

/* Make a fetched and checked image the one to boot; the lock is held. */
static void hrt_take_image(void *image, u64 size, const struct hvm_elf_image *layout,
			   const char *name)
{
	vfree(hvm_hrt.image);
	hvm_hrt.image = image;
	hvm_hrt.image_size = size;
	hvm_hrt.image_hash = hvm_image_hash(image, size);
	hvm_hrt.layout = *layout;
	strscpy(hvm_hrt.image_name, name, sizeof(hvm_hrt.image_name));
}

/*
 * Boot a new image, or the last one again (HVM_BOOT_AGAIN). A new image is
 * copied from the caller and checked completely before any lock is taken
 * (it may be 64 MiB in memory that faults slowly), then swapped in.
 */
int hvm_hrt_boot(const void __user *uimage, u64 size, const char *name, u32 flags, char *error)
{
	struct hvm_elf_image layout;
	void *image = NULL;
	int err = 0;

	if (!(flags & HVM_BOOT_AGAIN)) {
		err = hrt_busy(error);
		if (!err)
			err = hvm_image_fetch(uimage, size, &image, &layout, error);
		if (err)
			goto out;
	}
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
		err = hrt_busy(error); /* again: another boot may have come first */
		if (err)
			goto out_unlock;
		hrt_take_image(image, size, &layout, name);
		image = NULL;
		hrt_stop(hvm_hrt.state);
	}
	err = hrt_start(error);
out_unlock:
	mutex_unlock(&hvm_hrt.lock);
	hvm_calls_unblock();
out:
	vfree(image);
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
	/*
	 * Unless hvm-kernel runs, every CPU was stopped with INIT, whatever it
	 * last wrote; after a crash the CPUs that crashed still say so.
	 */
	for (i = 0; i < hvm_hrt.nr_cpus; i++) {
		u32 cpu_state = hvm_read_once(&hrt_boot_info()->cpus[i].state);

		if (hvm_hrt.state == HVM_HRT_RUNNING)
			st->cpu_state[i] = cpu_state;
		else if (hvm_hrt.state == HVM_HRT_CRASHED && cpu_state == HVM_CPU_CRASHED)
			st->cpu_state[i] = HVM_CPU_CRASHED;
		else
			st->cpu_state[i] = HVM_CPU_OFF;
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
	strscpy(st->image_tag, hvm_hrt.layout.tag, sizeof(st->image_tag));
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
