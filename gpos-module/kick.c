// SPDX-License-Identifier: GPL-2.0
/*
 * Telling an HRT CPU that a call was posted to it or that Linux answered
 * one of its calls (hvm/call.h, Kicks). A CPU whose threads wait for Linux
 * polls its slots for a while before it halts and says so in
 * core.polling; then it needs no interrupt, and the kick IPI (a VM exit
 * and an injection on KVM, a host thread's wake-up under TCG) is skipped.
 * The order that loses no wake-up: the state (and a post's core.post_seq)
 * is published, a full fence, then core.polling is read; the CPU clears
 * polling, fences and looks once more before it halts. core.polling is
 * the HRT's: a wrong value costs the HRT its own wake-up, never Linux.
 *
 * How long a CPU may poll is hvm.ko's to say: hrt_poll_us, written into
 * the boot information at every boot and whenever it changes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/moduleparam.h>

#include "hvm_module.h"

/*
 * The polling cap, microseconds. A forwarded call's answer comes within
 * tens of microseconds under TCG, a few on KVM; an answer later than the
 * cap is not polled for (the CPU adapts below it, kernel/idle.c). 0: HRT
 * CPUs halt at once, as before polling existed.
 */
#define HRT_POLL_US_DEFAULT 100
#define HRT_POLL_US_MAX 1000

static unsigned int hrt_poll_us = HRT_POLL_US_DEFAULT;
static atomic_t post_seq[HVM_MAX_CPUS]; /* Linux's own count of posts per CPU */
static atomic64_t kicks_sent, kicks_skipped;

static struct hvm_core *shared_core(unsigned int cpu)
{
	return hvm_core_at(hvm_hrt.part, cpu);
}

/* Give the running hvm-kernel the cap now (it reads it every time it goes idle). */
void hvm_kick_publish_poll(void)
{
	WRITE_ONCE(hrt_boot_info()->poll_max_us, READ_ONCE(hrt_poll_us));
}

static int hrt_poll_set(const char *val, const struct kernel_param *kp)
{
	int err = param_set_uint_minmax(val, kp, 0, HRT_POLL_US_MAX);

	if (!err && hvm_hrt.part)
		hvm_kick_publish_poll();
	return err;
}

static const struct kernel_param_ops hrt_poll_ops = {
	.set = hrt_poll_set,
	.get = param_get_uint,
};

module_param_cb(hrt_poll_us, &hrt_poll_ops, &hrt_poll_us, 0644);
MODULE_PARM_DESC(
	hrt_poll_us,
	"microseconds an idle HRT CPU polls for Linux's answers before it halts, 0-1000 (default 100; 0: halt at once)");

/* A call was posted to HRT CPU @cpu (its slot is POSTED): announce it, then wake the CPU. */
void hvm_kick_posted(unsigned int cpu)
{
	hvm_publish(&shared_core(cpu)->post_seq, (u32)atomic_inc_return(&post_seq[cpu]));
	hvm_kick_wake(cpu);
}

/* HRT CPU @cpu has news in its slots: kick it unless it polls them (after the state is published). */
void hvm_kick_wake(unsigned int cpu)
{
	hvm_full_fence(); /* the news is visible before we read polling (hvm/call.h, Kicks) */
	if (READ_ONCE(shared_core(cpu)->polling) == 1) {
		atomic64_inc(&kicks_skipped);
		return;
	}
	atomic64_inc(&kicks_sent);
	hvm_send_kick(hvm_hrt.apic_id[cpu]);
}

u64 hvm_kicks_sent(void)
{
	return atomic64_read(&kicks_sent);
}

u64 hvm_kicks_skipped(void)
{
	return atomic64_read(&kicks_skipped);
}
