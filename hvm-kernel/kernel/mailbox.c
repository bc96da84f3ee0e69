// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Linux -> HRT commands (hvm/boot.h): on the kick IPI a CPU runs the
 * command waiting in its own mailbox, if any, writes result and value and
 * publishes ack_seq. A kick with nothing new to do is harmless.
 */
#include <hvm/barrier.h>

#include "arch.h"
#include "bootinfo.h"
#include "kernel.h"
#include "mailbox.h"
#include "memlayout.h"
#include "percpu.h"

static __s32 mailbox_run(__u32 cmd, __u64 arg, __u64 *value)
{
	switch (cmd) {
	case HVM_MBOX_PING:
		*value = arch_timestamp();
		return 0;
	case HVM_MBOX_TEST_CRASH:
		if (!(hvm_read_once(&boot_info->flags) & HVM_BOOT_F_TEST_HOOKS))
			return -EPERM;
		return arch_test_crash(arg); /* returns only for an unknown kind */
	default:
		return -EINVAL;
	}
}

/* Called from the kick interrupt, interrupts off. */
void mailbox_handle(void)
{
	struct percpu *p = this_cpu();
	struct hvm_mailbox *mb = hvm_mailbox_at(partition(), p->cpu);
	__u32 seq = hvm_observe(&mb->cmd_seq); /* cmd and arg are complete */
	__u64 value = 0;
	__s32 result;

	if (seq == mb->ack_seq) /* written only by this CPU */
		return;
	p->nr_commands++;
	result = mailbox_run(hvm_read_once(&mb->cmd), hvm_read_once(&mb->arg), &value);
	mb->result = result;
	mb->value = value;
	hvm_publish(&mb->ack_seq, seq); /* result and value before the ack */
}
