// SPDX-License-Identifier: GPL-2.0
/*
 * Linux's synchronous requests to one HRT CPU (hvm/call.h, TLB shootdown
 * and Calls): flush a space, or stop the call in a slot. Each is published
 * in the CPU's struct hvm_core, rung with HVM_VECTOR_SYNC and acknowledged
 * within a bound. The two kinds have their own fields and the CPU's
 * handler looks at both on every HVM_VECTOR_SYNC, so only requests of the
 * same kind exclude each other per CPU: shootdowns come from the MMU
 * notifier, possibly in atomic context, and spin with interrupts off;
 * aborts come from process context and sleep while they wait. A CPU that
 * does not answer is stopped with INIT and counts as lost until the next
 * boot: it runs nothing, so it holds no stale translation and uses no
 * call's stack.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include "hvm_module.h"

/*
 * How long an HRT CPU may take to acknowledge a shootdown or an abort before
 * it is stopped with INIT. Generous: under emulation (TCG) on a loaded host
 * a vCPU that is not stuck has been seen to answer after tens of ms.
 */
#define SHOOTDOWN_TIMEOUT_US 1000000

static raw_spinlock_t shoot_lock[HVM_MAX_CPUS]; /* one shootdown at a time per core */
static struct mutex abort_lock[HVM_MAX_CPUS]; /* one abort at a time per core */
/* The last sequence numbers Linux published, its own copy (the HRT can write the partition's). */
static u32 shoot_seq[HVM_MAX_CPUS]; /* under shoot_lock */
static u32 abort_seq[HVM_MAX_CPUS]; /* under abort_lock */
static DECLARE_BITMAP(lost_cpus, HVM_MAX_CPUS); /* stopped with INIT until reboot */
static atomic64_t inits_sent; /* by hvm_core_stop(), since load */

static struct hvm_core *shared_core(unsigned int cpu)
{
	return hvm_core_at(hvm_hrt.part, cpu);
}

/* Stop HRT CPU cpu with INIT: it did not answer; callers waiting on it look again. */
void hvm_core_stop(unsigned int cpu)
{
	hvm_send_init(hvm_hrt.apic_id[cpu]);
	atomic64_inc(&inits_sent);
	set_bit(cpu, lost_cpus);
	hvm_calls_wake();
}

bool hvm_core_is_lost(unsigned int cpu)
{
	return test_bit(cpu, lost_cpus);
}

unsigned int hvm_cores_lost(void)
{
	return bitmap_weight(lost_cpus, HVM_MAX_CPUS);
}

u64 hvm_cores_inits_sent(void)
{
	return atomic64_read(&inits_sent);
}

/* A new boot: every CPU is fresh, its zeroed core answers from sequence 0 on. */
void hvm_cores_reset(void)
{
	unsigned long flags;
	unsigned int cpu;

	for (cpu = 0; cpu < HVM_MAX_CPUS; cpu++) {
		mutex_lock(&abort_lock[cpu]);
		raw_spin_lock_irqsave(&shoot_lock[cpu], flags);
		shoot_seq[cpu] = 0;
		abort_seq[cpu] = 0;
		raw_spin_unlock_irqrestore(&shoot_lock[cpu], flags);
		mutex_unlock(&abort_lock[cpu]);
	}
	bitmap_zero(lost_cpus, HVM_MAX_CPUS);
}

/* Ask HRT CPU cpu to flush space id and wait for it; false if it never answered. */
static bool core_request_shootdown(unsigned int cpu, unsigned int id)
{
	struct hvm_core *core = shared_core(cpu);
	unsigned long flags;
	unsigned int waited;
	u32 seq;
	bool ok = true;

	raw_spin_lock_irqsave(&shoot_lock[cpu], flags);
	seq = ++shoot_seq[cpu];
	WRITE_ONCE(core->shoot_space, id + 1);
	hvm_publish(&core->shoot_seq, seq);
	hvm_send_ipi(hvm_hrt.apic_id[cpu], HVM_VECTOR_SYNC);
	for (waited = 0; hvm_observe(&core->shoot_ack) != seq; waited++) {
		/*
		 * A stopped or crashed CPU translates nothing any more: unless
		 * hvm-kernel runs, every HRT CPU got INIT (hrt.c, also on a
		 * crash), and a CPU that published CRASHED stopped itself.
		 */
		if (READ_ONCE(hvm_hrt.state) != HVM_HRT_RUNNING ||
		    hvm_observe(&hrt_boot_info()->cpus[cpu].state) != HVM_CPU_UP)
			break;
		if (waited >= SHOOTDOWN_TIMEOUT_US) {
			ok = false;
			break;
		}
		udelay(1);
	}
	raw_spin_unlock_irqrestore(&shoot_lock[cpu], flags);
	return ok;
}

/*
 * Flush space id on HRT CPU cpu if it runs there; a CPU that does not
 * answer is stopped (a lost CPU was already: it holds no translation).
 */
void hvm_core_shootdown(unsigned int cpu, unsigned int id)
{
	if (hvm_observe(&shared_core(cpu)->space) != id + 1 || hvm_core_is_lost(cpu))
		return;
	if (core_request_shootdown(cpu, id))
		return;
	pr_err("HRT CPU %u did not acknowledge a TLB shootdown within %u us (interrupts off in a call?): stopping it with INIT so it holds no stale translation; 'hvmctl reboot' restarts hvm-kernel\n",
	       cpu, SHOOTDOWN_TIMEOUT_US);
	hvm_core_stop(cpu);
}

/*
 * Stop the call in slot on HRT CPU cpu: publish an abort request and ring
 * HVM_VECTOR_SYNC; true when the CPU acknowledged within the bound. Runs
 * in process context and sleeps while it waits.
 */
bool hvm_core_abort(unsigned int cpu, unsigned int slot)
{
	struct hvm_core *core = shared_core(cpu);
	unsigned long deadline;
	bool acked;
	u32 seq;

	mutex_lock(&abort_lock[cpu]);
	seq = ++abort_seq[cpu];
	WRITE_ONCE(core->abort_slot, slot);
	hvm_publish(&core->abort_seq, seq);
	hvm_send_ipi(hvm_hrt.apic_id[cpu], HVM_VECTOR_SYNC);
	deadline = jiffies + usecs_to_jiffies(SHOOTDOWN_TIMEOUT_US);
	while (!(acked = hvm_observe(&core->abort_ack) == seq) && time_before(jiffies, deadline))
		usleep_range(20, 100);
	mutex_unlock(&abort_lock[cpu]);
	return acked;
}

void hvm_cores_init(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < HVM_MAX_CPUS; cpu++) {
		raw_spin_lock_init(&shoot_lock[cpu]);
		mutex_init(&abort_lock[cpu]);
	}
}
