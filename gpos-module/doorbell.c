// SPDX-License-Identifier: GPL-2.0
/*
 * The HRT -> Linux doorbell: a real interrupt that hvm-kernel raises with a
 * fixed IPI to one Linux CPU. A module cannot add a system vector, so an
 * ordinary IRQ is allocated from the x86 vector domain (the root of the
 * interrupt hierarchy), given the edge flow handler, pinned to one Linux
 * CPU, and its vector and that CPU's *physical* APIC id are handed to the
 * HRT in the boot information (in xAPIC flat mode the IRQ's own
 * destination is a logical mask, which the HRT must not use).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/numa.h>
#include <linux/string.h>
#include <asm/hw_irq.h>
#include <asm/irqdomain.h>
#include <asm/smp.h>

#include "hvm_module.h"

static int doorbell_irq = -1;
static u32 doorbell_vector, doorbell_apic_id;
static atomic64_t doorbell_count;

/* The HRT rang: a call finished for a sleeping caller, or a CPU crashed. */
static irqreturn_t hvm_doorbell_interrupt(int irq, void *data)
{
	atomic64_inc(&doorbell_count);
	hvm_calls_wake_news();
	/* A CPU crashed: contain it and collect the record now, not at the next periodic look. */
	if (READ_ONCE(hvm_hrt.state) == HVM_HRT_RUNNING && hvm_hrt_crashed_cpu() >= 0)
		mod_delayed_work(system_wq, &hvm_hrt.watch, 0);
	return IRQ_HANDLED;
}

/* Route the doorbell to @cpu and record the vector and APIC id the HRT is to use. */
static int doorbell_pin(unsigned int cpu)
{
	struct irq_data *d;
	struct irq_cfg *cfg;
	int err;

	err = irq_set_affinity(doorbell_irq, cpumask_of(cpu));
	if (err)
		return err;
	d = irq_get_irq_data(doorbell_irq);
	cfg = d ? irqd_cfg(d) : NULL;
	if (!cfg || !cfg->vector)
		return -ENXIO;
	/*
	 * The vector belongs to the CPU the interrupt is effectively routed to
	 * now (a move is deferred until that CPU takes it once): name that
	 * CPU's APIC id, which is @cpu since the vector was allocated there.
	 */
	cpu = cpumask_first(irq_data_get_effective_affinity_mask(d));
	if (cpu >= nr_cpu_ids)
		return -ENXIO;
	doorbell_vector = cfg->vector;
	doorbell_apic_id = per_cpu(x86_cpu_to_apicid, cpu);
	return 0;
}

/*
 * Ring the doorbell once from Linux exactly as the HRT does (a fixed IPI
 * to the physical APIC id) and wait for the handler: proves vector and
 * destination before any HRT depends on them.
 */
static int doorbell_self_test(void)
{
	u64 before = atomic64_read(&doorbell_count);
	ktime_t deadline = ktime_add_ms(ktime_get(), 200);

	hvm_send_ipi(doorbell_apic_id, doorbell_vector);
	while (atomic64_read(&doorbell_count) == before) {
		if (ktime_after(ktime_get(), deadline))
			return -ETIMEDOUT;
		usleep_range(10, 50);
	}
	return 0;
}

int hvm_doorbell_init(void)
{
	unsigned int cpu = cpumask_first(cpu_online_mask);
	struct irq_alloc_info info;
	int err;

	memset(&info, 0, sizeof(info));
	/*
	 * The vector is allocated on @cpu itself: one allocated elsewhere and
	 * moved would stay the old CPU's until an interrupt arrives there,
	 * which none does (with more than one Linux CPU the self-test's IPI
	 * went to @cpu on a vector it did not have).
	 */
	info.mask = cpumask_of(cpu);
	doorbell_irq =
		__irq_domain_alloc_irqs(x86_vector_domain, -1, 1, NUMA_NO_NODE, &info, false, NULL);
	if (doorbell_irq < 0) {
		pr_err("cannot allocate an interrupt vector for the HRT doorbell (error %d)\n",
		       doorbell_irq);
		return doorbell_irq;
	}
	irq_set_handler(doorbell_irq, handle_edge_irq);
	err = request_irq(doorbell_irq, hvm_doorbell_interrupt, IRQF_NOBALANCING, "hvm-doorbell",
			  &hvm_hrt);
	if (err)
		goto err_dispose;
	err = doorbell_pin(cpu);
	if (err)
		goto err_free;
	err = doorbell_self_test();
	if (err) {
		pr_err("the HRT doorbell (vector %#x to APIC id %u) did not arrive in its handler\n",
		       doorbell_vector, doorbell_apic_id);
		goto err_free;
	}
	pr_info("HRT doorbell: IRQ %d, vector %#x on cpu%u (APIC id %u)\n", doorbell_irq,
		doorbell_vector, cpu, doorbell_apic_id);
	return 0;

err_free:
	free_irq(doorbell_irq, &hvm_hrt);
err_dispose:
	irq_dispose_mapping(doorbell_irq);
	pr_err("cannot set up the HRT doorbell interrupt (error %d)\n", err);
	doorbell_irq = -1;
	return err;
}

void hvm_doorbell_exit(void)
{
	if (doorbell_irq < 0)
		return;
	free_irq(doorbell_irq, &hvm_hrt);
	irq_dispose_mapping(doorbell_irq);
	doorbell_irq = -1;
}

/* Where the HRT sends its doorbell: vector and physical APIC id. */
void hvm_doorbell_target(u32 *vector, u32 *apic_id)
{
	*vector = doorbell_vector;
	*apic_id = doorbell_apic_id;
}

u64 hvm_doorbell_count(void)
{
	return atomic64_read(&doorbell_count);
}
