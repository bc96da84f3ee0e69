// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Forwarding (hvm/call.h): a running call hands Linux a system call or a
 * page fault through its slot's struct hvm_forward. The call writes nr and
 * the arguments, and state_seq = the call's seq (hvm/call.h, Sequence
 * check), publishes HVM_SLOT_FORWARD (ringing the doorbell of a
 * sleeping Linux thread, as at a call's end) and parks its thread: its CPU
 * runs other calls meanwhile (kernel/sched.c). Once Linux wrote ret and
 * published HVM_SLOT_RESUMED (Linux kicks the CPU then), the scheduler
 * runs the thread again; it takes ret and goes back to HVM_SLOT_RUNNING.
 * An abort request meanwhile finishes the parked call without running it
 * (kernel/slot.c), so the wait needs no timeout of its own. The slot's
 * stage stamps (hvm/call.h, Stage times) say when the request went out and
 * when the thread ran again.
 */
#include <hvm/barrier.h>
#include <hvm/call.h>
#include <hvm/signal.h>

#include "arch.h"
#include "debug.h"
#include "slot.h"
#include "forward.h"
#include "kernel.h"
#include "memlayout.h"
#include "percpu.h"
#include "printk.h"
#include "sched.h"
#include "space.h"

/* No fault forwarded yet: no lower-half address has this value. */
#define FORWARD_NO_FAULT (~0ULL)

static struct hvm_forward *forward_get(unsigned int slot)
{
	return hvm_slot_forward(partition(), slot);
}

void forward_reset(struct thread *t)
{
	t->fault_addr = FORWARD_NO_FAULT;
	t->fault_repeats = 0;
}

/*
 * Post request @nr(@args) of the running call and wait for Linux's answer.
 * Linux may have added top-level entries to the process's page tables
 * meanwhile (mmap, a fault that needed a new table), which no shootdown
 * announces: take them before the program goes on.
 */
static __u64 forward_wait(__u64 nr, const __u64 *args)
{
	unsigned int i = this_cpu()->call_slot - 1;
	struct hvm_call_slot *s = slot_get(i);
	struct hvm_forward *fw = forward_get(i);
	struct hvm_slot_times *times = hvm_slot_times(partition(), i);
	__u64 ret;

	KDEBUG("hvm-kernel: cpu %u: slot %u forwards %s %llu (0x%llx, 0x%llx, 0x%llx)\n",
	       this_cpu()->cpu, i, nr == HVM_FORWARD_FAULT ? "fault" : "system call", nr, args[0],
	       args[1], args[2]);
	fw->nr = nr;
	for (int a = 0; a < FORWARD_ARGS; a++)
		fw->args[a] = args[a];
	s->state_seq = this_cpu()->thread->seq; /* Linux takes FORWARD only for this call */
	times->posted = arch_timestamp();
	slot_publish(s, HVM_SLOT_FORWARD); /* after nr, args and state_seq */
	sched_park(); /* back once the scheduler observed HVM_SLOT_RESUMED: ret is written */
	times->running = arch_timestamp();
	ret = hvm_read_once(&fw->ret);
	hvm_publish(&s->state, HVM_SLOT_RUNNING);
	space_refresh();
	KDEBUG("hvm-kernel: cpu %u: slot %u: Linux answered %llu: %lld\n", this_cpu()->cpu, i, nr,
	       (long long)ret);
	return ret;
}

long forward_program_syscall(__u64 nr, const __u64 args[FORWARD_ARGS])
{
	struct percpu *p = this_cpu();

	p->nr_syscalls_forwarded++;
	p->thread->fault_addr = FORWARD_NO_FAULT; /* the program made progress */
	return (long)forward_wait(nr, args);
}

/*
 * A trace note (hvm/call.h, Tracing) for the call @nr just served with
 * result @ret in @ns nanoseconds; the slot's registers were filled by the
 * caller. Not counted as a forwarded call; made whatever signal came first.
 */
void forward_trace(__u64 nr, long ret, __u64 ns)
{
	__u64 args[FORWARD_ARGS] = {nr, (__u64)ret, ns};

	while ((long)forward_wait(HVM_FORWARD_TRACE, args) == -HVM_FORWARD_RESTART)
		;
}

/* hvm-kernel's own requests are made whatever signal came first. */
long forward_syscall(__u64 nr, const __u64 args[FORWARD_ARGS])
{
	long ret;

	do
		ret = forward_program_syscall(nr, args);
	while (ret == -HVM_FORWARD_RESTART);
	return ret;
}

/*
 * Linux says whether it resolved the fault; but if the same address faults
 * again and again right after each resolution (the CPU keeps seeing a
 * translation Linux does not), stop after FORWARD_FAULT_REPEAT_MAX rather
 * than loop for ever: the fault is then the call's.
 */
bool forward_fault(__u64 addr, __u64 error_code)
{
	struct percpu *p = this_cpu();
	struct thread *t = p->thread;
	__u64 args[FORWARD_ARGS] = {addr, error_code};

	if (addr != t->fault_addr) {
		t->fault_addr = addr;
		t->fault_repeats = 0;
	} else if (++t->fault_repeats > FORWARD_FAULT_REPEAT_MAX) {
		kprintf("hvm-kernel: cpu %u: call in slot %u: page fault at 0x%llx persists after %u resolutions by Linux: treating it as the call's fault\n",
			p->cpu, t->slot, addr, FORWARD_FAULT_REPEAT_MAX);
		return false;
	}
	p->nr_faults_forwarded++;
	t->fault_refusal = (long)forward_wait(HVM_FORWARD_FAULT, args);
	return t->fault_refusal == 0;
}
