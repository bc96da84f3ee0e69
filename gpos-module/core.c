// SPDX-License-Identifier: GPL-2.0
/*
 * Linux's synchronous requests to one HRT CPU (hvm/call.h, TLB shootdown
 * and Calls): flush a space, or stop the call in a slot. Each is published
 * in the CPU's struct hvm_core, rung with HVM_VECTOR_SYNC and acknowledged
 * within a bound, one at a time per CPU (they share the vector). A CPU that
 * does not answer is stopped with INIT and counts as lost until the next
 * boot: it runs nothing, so it holds no stale translation and uses no
 * call's stack.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/delay.h>
#include <linux/spinlock.h>

#include "hvm_module.h"

/*
 * How long an HRT CPU may take to acknowledge a shootdown or an abort before
 * it is stopped with INIT. Generous: under emulation (TCG) on a loaded host
 * a vCPU that is not stuck has been seen to answer after tens of ms.
 */
#define SHOOTDOWN_TIMEOUT_US 1000000

static raw_spinlock_t core_lock[HVM_MAX_CPUS]; /* one request at a time per core */
static DECLARE_BITMAP(lost_cpus, HVM_MAX_CPUS); /* stopped with INIT until reboot */

static struct hvm_core *shared_core(unsigned int cpu)
{
	return hvm_core_at(hvm_hrt.part, cpu);
}

/* Stop HRT CPU cpu with INIT: it did not answer; callers waiting on it look again. */
void hvm_core_stop(unsigned int cpu)
{
	hvm_send_init(hvm_hrt.apic_id[cpu]);
	set_bit(cpu, lost_cpus);
	hvm_calls_wake();
}

bool hvm_core_is_lost(unsigned int cpu)
{
	return test_bit(cpu, lost_cpus);
}

/* A new boot: every CPU is fresh. */
void hvm_cores_reset(void)
{
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

	raw_spin_lock_irqsave(&core_lock[cpu], flags);
	seq = core->shoot_seq + 1;
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
	raw_spin_unlock_irqrestore(&core_lock[cpu], flags);
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
 * HVM_VECTOR_SYNC; true when the CPU acknowledged within the bound.
 */
bool hvm_core_abort(unsigned int cpu, unsigned int slot)
{
	struct hvm_core *core = shared_core(cpu);
	unsigned long flags;
	unsigned int waited;
	u32 seq;

	raw_spin_lock_irqsave(&core_lock[cpu], flags);
	seq = core->abort_seq + 1;
	WRITE_ONCE(core->abort_slot, slot);
	hvm_publish(&core->abort_seq, seq);
	hvm_send_ipi(hvm_hrt.apic_id[cpu], HVM_VECTOR_SYNC);
	for (waited = 0; hvm_observe(&core->abort_ack) != seq; waited++) {
		if (waited >= SHOOTDOWN_TIMEOUT_US)
			break;
		udelay(1);
	}
	raw_spin_unlock_irqrestore(&core_lock[cpu], flags);
	return hvm_observe(&core->abort_ack) == seq;
}

void hvm_cores_init(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < HVM_MAX_CPUS; cpu++)
		raw_spin_lock_init(&core_lock[cpu]);
}
