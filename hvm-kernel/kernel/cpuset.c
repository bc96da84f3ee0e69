// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Affinity masks of the process's threads (include/cpuset.h). A thread
 * never moves to another CPU (include/sched.h), so a mask set is kept and
 * reported, not enforced: the thread stays on the HRT CPU it was placed on
 * when it started (hvm.ko places it on the least busy CPU of the set). A
 * mask belongs to one call of a slot (its seq), so a slot's next thread
 * starts with every CPU again, as a new thread on Linux inherits its
 * creator's mask only through clone, which the partner makes on Linux.
 */
#include <hvm/barrier.h>
#include <hvm/call.h>

#include "cpuset.h"
#include "memlayout.h"
#include "percpu.h"
#include "sched.h"
#include "space.h"
#include "syscalls.h"

struct affinity {
	__u64 mask; /* program CPUs */
	__u32 seq; /* of the slot's call it belongs to */
	bool set;
};

static struct affinity affinities[HVM_MAX_SLOTS]; /* by slot */

/*
 * The slot of the running process's thread @tid (0: the caller's own) with
 * the seq of its call; false when no call of this space has that partner.
 */
static bool cpuset_find_thread(__u32 tid, unsigned int *slot, __u32 *seq)
{
	struct thread *t = this_cpu()->thread;

	if (!tid || tid == *hvm_slot_tid(partition(), t->slot)) {
		*slot = t->slot;
		*seq = t->seq;
		return true;
	}
	for (unsigned int i = 0; i < HVM_MAX_SLOTS; i++) {
		const struct hvm_call_slot *s = hvm_slot(partition(), i);
		__u32 state = hvm_observe(&s->state);

		if (state == HVM_SLOT_FREE || state == HVM_SLOT_DONE || state == HVM_SLOT_FAULTED ||
		    state == HVM_SLOT_ABORTED)
			continue;
		if (hvm_read_once(&s->space) == t->space && *hvm_slot_tid(partition(), i) == tid) {
			*slot = i;
			*seq = hvm_read_once(&s->seq);
			return true;
		}
	}
	return false;
}

bool cpuset_affinity_get(__u32 tid, __u64 *mask)
{
	unsigned int slot;
	__u32 seq;
	const struct affinity *a;

	if (!cpuset_find_thread(tid, &slot, &seq))
		return false;
	a = &affinities[slot];
	*mask = hvm_cpus_first(cpuset_count(syscall_space()->cpus));
	if (a->set && a->seq == seq)
		*mask = a->mask;
	return true;
}

bool cpuset_affinity_set(__u32 tid, __u64 mask)
{
	unsigned int slot;
	__u32 seq;

	if (!cpuset_find_thread(tid, &slot, &seq))
		return false;
	affinities[slot] = (struct affinity){.mask = mask, .seq = seq, .set = true};
	return true;
}
