// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Merged address spaces (hvm/call.h): a CPU runs a call inside the Linux
 * process's lower half by copying the space's 256 top-level entries into
 * its own page-table root. Linux learns which CPUs may hold translations of
 * a space from core.space, which a CPU publishes before it loads the
 * space's tables and clears only after it left them; each side fences
 * between its publish and its read of the other's (a Dekker handshake), so
 * either Linux sees this CPU in the space and shoots it down, or this CPU
 * sees Linux's newer entries and state.
 */
#include <hvm/barrier.h>

#include "arch.h"
#include "cpuset.h"
#include "debug.h"
#include "kernel.h"
#include "percpu.h"
#include "space.h"

void space_cpu_init(void)
{
	struct hvm_core *core = core_get(this_cpu()->cpu);

	hvm_publish(&core->space, 0);
	hvm_publish(&core->slot, 0);
	core->calls = 0;
	core->shootdowns = 0;
}

/*
 * Copy the space's entries into this CPU's root unless the copy it holds
 * is of the current generation already. The generation is read before the
 * entries: if Linux changes them meanwhile, the next look sees a newer one.
 */
static bool space_copy(const struct hvm_space *s, bool force)
{
	struct percpu *p = this_cpu();
	__u32 generation = hvm_observe(&s->generation); /* then the entries it covers */

	if (!force && generation == p->space_generation)
		return false;
	arch_space_copy(s->pml4);
	p->space_generation = generation;
	return true;
}

/*
 * Calls in the space this CPU is still in (it stays after a call, like
 * Linux's lazy TLB) need neither a copy nor a CR3 load unless Linux changed
 * the entries: every change since was shot down here, because core.space
 * stayed published. Linux never reuses a generation number of an id, so a
 * matching generation means the same tables.
 */
static int space_reenter(struct hvm_space *s)
{
	if (hvm_observe(&s->state) != HVM_SPACE_LIVE) {
		space_leave();
		return -EINVAL;
	}
	if (space_copy(s, false))
		arch_space_activate();
	arch_set_program_cpu(cpuset_vdso_cpu(s, this_cpu()->cpu)); /* the id may be reused */
	return 0;
}

/* Switch to space id: a fresh copy of its entries, then its CR3. */
int space_enter(unsigned int id)
{
	struct percpu *p = this_cpu();
	struct hvm_core *core = core_get(p->cpu);
	struct hvm_space *s;

	if (id >= HVM_MAX_SPACES)
		return -EINVAL;
	s = space_get(id);
	if (p->space == id + 1)
		return space_reenter(s);
	if (p->space)
		space_leave();
	hvm_publish(&core->space, id + 1);
	hvm_full_fence(); /* core.space is visible before we read the space's state */
	if (hvm_observe(&s->state) != HVM_SPACE_LIVE) {
		hvm_publish(&core->space, 0);
		return -EINVAL;
	}
	KDEBUG("hvm-kernel: cpu %u enters address space %u\n", p->cpu, id);
	space_copy(s, true);
	arch_space_activate();
	arch_set_program_cpu(cpuset_vdso_cpu(s, p->cpu));
	p->space = id + 1;
	return 0;
}

void space_leave(void)
{
	struct percpu *p = this_cpu();

	if (!p->space)
		return;
	arch_space_deactivate();
	p->space = 0;
	hvm_publish(&core_get(p->cpu)->space, 0); /* only after the tables are gone */
}

/*
 * Linux changed the tables of space shoot_space - 1: if this CPU runs in it,
 * take the newest top-level entries and drop every lower-half translation
 * (reloading CR3 flushes all but the kernel's global pages). Acknowledged in
 * every case, since Linux waits for it.
 */
void space_shootdown(void)
{
	struct percpu *p = this_cpu();
	struct hvm_core *core = core_get(p->cpu);
	__u32 seq = hvm_observe(&core->shoot_seq); /* then shoot_space */

	if (seq == core->shoot_ack) /* written only by this CPU */
		return;
	if (p->space && hvm_read_once(&core->shoot_space) == p->space) {
		space_copy(space_get(p->space - 1), false);
		arch_space_activate();
		core->shootdowns++;
	}
	hvm_publish(&core->shoot_ack, seq); /* the flush is done before Linux sees the ack */
}

/*
 * Linux served a request of the call (kernel/forward.c) and may have added
 * top-level entries to the process's page tables meanwhile: a new entry
 * needs no shootdown, and Linux may not have published a new generation
 * for it. So compare every entry, and load the root again only when one
 * changed; otherwise every change Linux made below them either came with a
 * shootdown or made a non-present entry present, which no TLB caches.
 */
void space_refresh(void)
{
	struct percpu *p = this_cpu();
	struct hvm_space *s;
	__u32 generation;

	if (!p->space)
		return;
	s = space_get(p->space - 1);
	generation = hvm_observe(&s->generation); /* then the entries it covers */
	if (arch_space_copy(s->pml4))
		arch_space_activate();
	p->space_generation = generation;
}
