// SPDX-License-Identifier: GPL-2.0
/*
 * Commands to running HRT CPUs through their mailboxes (hvm/boot.h): write
 * the command, publish its sequence number, ring the CPU's kick vector and
 * wait, with a timeout, for the CPU to publish the same number back.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>

#include "hvm_module.h"

#define HRT_COMMAND_TIMEOUT_MS 500
/* A command is usually answered within microseconds: spin that long, then sleep between looks. */
#define HRT_COMMAND_SPIN_NS 20000

/*
 * Send one mailbox command to CPU index and wait for its acknowledgement,
 * sleeping between looks after a short spin (no Linux CPU is pinned while
 * an HRT CPU is slow or gone); returns the CPU's result, or -ETIMEDOUT, or
 * -EIO when the CPU no longer says it is up. The lock is held.
 */
static int hrt_command(unsigned int cpu, u32 cmd, u64 arg, u64 *value, u32 timeout_ms)
{
	struct hvm_mailbox *mb = hrt_mailbox(cpu);
	ktime_t start = ktime_get();
	ktime_t spin_end = ktime_add_ns(start, HRT_COMMAND_SPIN_NS);
	ktime_t deadline = ktime_add_ms(start, timeout_ms);
	u32 seq = ++hvm_hrt.mbox_seq[cpu];

	WRITE_ONCE(mb->cmd, cmd);
	WRITE_ONCE(mb->arg, arg);
	hvm_publish(&mb->cmd_seq, seq);
	hvm_send_kick(hvm_hrt.apic_id[cpu]);
	while (hvm_observe(&mb->ack_seq) != seq) {
		if (ktime_after(ktime_get(), deadline))
			return -ETIMEDOUT;
		if (hvm_observe(&hrt_boot_info()->cpus[cpu].state) != HVM_CPU_UP)
			return -EIO;
		if (ktime_before(ktime_get(), spin_end))
			cpu_relax();
		else
			usleep_range(20, 100);
	}
	if (value)
		*value = READ_ONCE(mb->value);
	return READ_ONCE(mb->result);
}

/* One command with the usual timeout, for the module's own checks; the lock is held. */
int hvm_hrt_command(unsigned int cpu, u32 cmd, u64 arg, u64 *value)
{
	return hrt_command(cpu, cmd, arg, value, HRT_COMMAND_TIMEOUT_MS);
}

int hvm_hrt_ping(struct hvm_ping *ping)
{
	unsigned int i;
	int err = 0;

	mutex_lock(&hvm_hrt.lock);
	hvm_hrt_check_crash();
	ping->nr_cpus = hvm_hrt.nr_cpus;
	for (i = 0; i < hvm_hrt.nr_cpus; i++) {
		ktime_t t0 = ktime_get();

		ping->result[i] = -ENODEV;
		if (hvm_hrt.state != HVM_HRT_RUNNING)
			continue;
		ping->result[i] = hrt_command(i, HVM_MBOX_PING, 0, NULL, HRT_COMMAND_TIMEOUT_MS);
		ping->rtt_ns[i] = ktime_to_ns(ktime_sub(ktime_get(), t0));
		if (ping->result[i])
			err = -EIO;
	}
	mutex_unlock(&hvm_hrt.lock);
	return err;
}

int hvm_hrt_test_crash(u32 cpu, u32 kind)
{
	ktime_t deadline;
	int err = 0;

	if (!hvm_test_hooks)
		return -EPERM;
	mutex_lock(&hvm_hrt.lock);
	if (hvm_hrt.state != HVM_HRT_RUNNING || cpu >= hvm_hrt.nr_cpus) {
		err = hvm_hrt.state != HVM_HRT_RUNNING ? -ENODEV : -EINVAL;
		goto out_unlock;
	}
	hrt_command(cpu, HVM_MBOX_TEST_CRASH, kind, NULL, 0);
	deadline = ktime_add_ms(ktime_get(), HRT_COMMAND_TIMEOUT_MS);
	while (!hvm_hrt_check_crash()) {
		if (ktime_after(ktime_get(), deadline)) {
			err = -ETIMEDOUT;
			break;
		}
		usleep_range(50, 200);
	}
out_unlock:
	mutex_unlock(&hvm_hrt.lock);
	return err;
}
