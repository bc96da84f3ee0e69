// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Threads of calls (include/sched.h). One thread per call slot, so a
 * slot's call always has the same stack, and the thread table needs no
 * allocator. The scheduler of a CPU is its idle loop (sched_loop()): it runs
 * one thread at a time until that thread's call ends, waits for Linux, or
 * is preempted because others wait (kernel/preempt.c). A parked thread is resumed once Linux published
 * HVM_SLOT_RESUMED in its slot (and kicked the CPU), a sleeping one once
 * its deadline came, its wake flag was set (a futex wake on any CPU, which
 * kicks this one) or Linux queued a signal for it; an abort request
 * finishes a parked call without running it again (slot.c), after undoing
 * the waits it was in (sched_set_cancel()).
 */
#include <hvm/barrier.h>
#include <hvm/call.h>

#include "arch.h"
#include "bootinfo.h"
#include "debug.h"
#include "slot.h"
#include "kernel.h"
#include "percpu.h"
#include "preempt.h"
#include "sched.h"
#include "signal.h"
#include "space.h"

static struct thread threads[HVM_MAX_SLOTS];
static unsigned int nr_threads; /* started and not yet freed, on every CPU */

/* Tell Linux how many threads exist (boot information, for leak checks). */
static void sched_count(int delta)
{
	unsigned int n = __atomic_add_fetch(&nr_threads, delta, __ATOMIC_RELAXED);

	hvm_publish(&boot_info->nr_threads, n);
}

/* Slot @slot's thread parks on this CPU (@parked: true) or leaves the parked set. */
static void sched_mark_parked(struct percpu *p, unsigned int slot, bool parked)
{
	__u64 bit = 1ULL << (slot % 64);

	if (parked)
		p->parked[slot / 64] |= bit;
	else
		p->parked[slot / 64] &= ~bit;
}

struct thread *sched_new(unsigned int slot, void (*entry)(void *))
{
	struct thread *t = &threads[slot];

	t->cpu = this_cpu()->cpu;
	t->slot = slot;
	t->outcome = CALL_FAULTED;
	t->result = 0;
	t->wake_flag = NULL;
	t->cancel = NULL;
	arch_thread_init(&t->arch, slot, entry, t);
	hvm_publish(&t->state, THREAD_RUNNING); /* after cpu: sched_parked() reads it first */
	sched_count(1);
	return t;
}

/* Make @t this CPU's current thread, or none (NULL), for the code that asks. */
static void sched_set_current(struct percpu *p, struct thread *t)
{
	unsigned int slot = t ? t->slot + 1 : 0;

	p->thread = t;
	p->call_slot = slot;
	hvm_publish(&core_get(p->cpu)->slot, slot);
}

bool sched_run(struct thread *t)
{
	struct percpu *p = this_cpu();

	if (t->state == THREAD_PARKED) {
		p->nr_parked--;
		sched_mark_parked(p, t->slot, false);
	}
	if (t->yielded)
		p->nr_yielded--;
	if (t->sleeping)
		p->nr_sleeping--;
	t->yielded = false;
	t->sleeping = false;
	t->state = THREAD_RUNNING;
	sched_set_current(p, t);
	preempt_start();
	arch_thread_run(&t->arch);
	sched_set_current(p, NULL);
	return t->state == THREAD_EXITED;
}

/*
 * The first slot at or after @from (counting @n of HVM_MAX_SLOTS, round-robin)
 * whose thread is parked on this CPU; HVM_MAX_SLOTS when none is left.
 * A word of the bitmap at a time: idle CPUs scan often (idle.c).
 */
static unsigned int sched_next_parked(const struct percpu *p, unsigned int from, unsigned int *n)
{
	while (*n < HVM_MAX_SLOTS) {
		unsigned int i = (from + *n) % HVM_MAX_SLOTS;
		__u64 word = p->parked[i / 64] >> (i % 64);

		if (word) {
			*n += (unsigned int)__builtin_ctzll(word);
			if (*n < HVM_MAX_SLOTS)
				return (from + *n) % HVM_MAX_SLOTS;
			break;
		}
		*n += 64 - i % 64;
	}
	return HVM_MAX_SLOTS;
}

/*
 * Round-robin from where the last search stopped, so no parked call waits
 * for ever: this CPU's next parked thread that ready() accepts.
 */
static struct thread *sched_scan(bool (*ready)(unsigned int slot, struct thread *t))
{
	struct percpu *p = this_cpu();
	unsigned int n = 0, i;

	while ((i = sched_next_parked(p, p->sched_next, &n)) < HVM_MAX_SLOTS) {
		struct thread *t = &threads[i];

		n++;
		if (hvm_read_once(&t->state) != THREAD_PARKED || hvm_read_once(&t->cpu) != p->cpu)
			continue;
		if (ready(i, t)) {
			p->sched_next = (i + 1) % HVM_MAX_SLOTS;
			return t;
		}
	}
	return NULL;
}

/*
 * Why sleeping thread @t may run again, WAKE_NONE while it sleeps on: the
 * one place that decides; the sleeping system call acts on what it gets.
 */
static unsigned int sched_wake_reason(const struct thread *t)
{
	if (t->wake_flag && hvm_observe(t->wake_flag)) /* then what the waker wrote */
		return WAKE_EVENT;
	if (arch_timestamp() >= t->wake_tsc)
		return WAKE_DEADLINE;
	if (signal_kicked(t))
		return WAKE_SIGNAL; /* the sleep ends early; the handler runs at its syscall exit */
	return WAKE_NONE;
}

/* Linux answered the call it waited for, or a sleeping call may wake. */
static bool sched_resumed(unsigned int slot, struct thread *t)
{
	if (t->sleeping) {
		t->wake_reason = sched_wake_reason(t);
		return t->wake_reason != WAKE_NONE;
	}
	return hvm_observe(&slot_get(slot)->state) == HVM_SLOT_RESUMED; /* then ret */
}

static bool sched_yielder(unsigned int slot, struct thread *t)
{
	(void)slot;
	return t->yielded;
}

struct thread *sched_next_resumed(void)
{
	return this_cpu()->nr_parked ? sched_scan(sched_resumed) : NULL;
}

struct thread *sched_next_yielded(void)
{
	return this_cpu()->nr_yielded ? sched_scan(sched_yielder) : NULL;
}

/* Another CPU may own the slot's thread now: its state is published after its cpu. */
struct thread *sched_parked(unsigned int slot)
{
	struct thread *t;

	if (slot >= HVM_MAX_SLOTS)
		return NULL;
	t = &threads[slot];
	if (hvm_observe(&t->state) != THREAD_PARKED || hvm_read_once(&t->cpu) != this_cpu()->cpu)
		return NULL;
	return t;
}

/*
 * After this, Linux may post the slot again at once and another CPU start
 * its thread: the caller must not be on the thread's stack any more.
 */
void sched_free(struct thread *t)
{
	void (*cancel)(unsigned int slot) = t->cancel;

	KASSERT(t->state != THREAD_FREE);
	t->cancel = NULL;
	t->wake_flag = NULL;
	if (cancel)
		cancel(t->slot);
	if (t->state == THREAD_PARKED) {
		this_cpu()->nr_parked--;
		sched_mark_parked(this_cpu(), t->slot, false);
	}
	if (t->yielded)
		this_cpu()->nr_yielded--;
	if (t->sleeping)
		this_cpu()->nr_sleeping--;
	t->yielded = false;
	t->sleeping = false;
	sched_count(-1);
	hvm_publish(&t->state, THREAD_FREE);
}

void sched_park(void)
{
	struct percpu *p = this_cpu();
	struct thread *t = p->thread;

	KASSERT(t && t->state == THREAD_RUNNING);
	t->state = THREAD_PARKED;
	p->nr_parked++;
	sched_mark_parked(p, t->slot, true);
	arch_thread_park(&t->arch);
	/* Resumed by sched_run(): another call may have changed the space meanwhile. */
	if (space_enter(t->space)) {
		arch_call_refused(t->slot,
				  "the address space went away while the call waited for Linux");
		arch_call_abandon(CALL_FAULTED);
	}
}

void sched_yield(void)
{
	struct percpu *p = this_cpu();
	struct thread *t = p->thread;

	if (p->nr_yielded == 0 && !sched_next_resumed() && !slot_posted())
		return;
	t->yielded = true;
	p->nr_yielded++;
	sched_park();
}

unsigned int sched_sleep(__u64 wake_tsc)
{
	struct percpu *p = this_cpu();
	struct thread *t = p->thread;

	t->wake_tsc = wake_tsc;
	t->wake_reason = WAKE_NONE;
	t->sleeping = true;
	p->nr_sleeping++;
	sched_park(); /* sched_resumed() set wake_reason when it picked the thread */
	return t->wake_reason;
}

__u64 sched_next_deadline(void)
{
	struct percpu *p = this_cpu();
	__u64 first = ~0ULL;
	unsigned int n = 0, i;

	while ((i = sched_next_parked(p, 0, &n)) < HVM_MAX_SLOTS) {
		const struct thread *t = &threads[i];

		n++;
		if (hvm_read_once(&t->state) == THREAD_PARKED && hvm_read_once(&t->cpu) == p->cpu &&
		    t->sleeping && t->wake_tsc < first)
			first = t->wake_tsc;
	}
	return first;
}

void sched_idle(void)
{
	__u64 first = this_cpu()->nr_sleeping ? sched_next_deadline() : SCHED_FOREVER;

	if (first != SCHED_FOREVER)
		preempt_timer_arm(first);
	arch_idle();
}

void sched_wake_on(const __u32 *woken)
{
	this_cpu()->thread->wake_flag = woken;
}

_Static_assert(HVM_MAX_CPUS <= 64, "sched_kick() has a bit per CPU");

void sched_kick(__u64 cpus)
{
	unsigned int self = this_cpu()->cpu;

	for (unsigned int cpu = 0; cpu < MIN(boot_info->nr_cpus, HVM_MAX_CPUS); cpu++)
		if (cpu != self && (cpus >> cpu) & 1)
			arch_send_ipi(boot_info->cpus[cpu].apic_id, HVM_VECTOR_KICK);
}

void sched_set_cancel(void (*cancel)(unsigned int slot))
{
	this_cpu()->thread->cancel = cancel;
}

__noreturn void sched_exit(int outcome, __u64 result)
{
	struct thread *t = this_cpu()->thread;

	t->outcome = outcome;
	t->result = result;
	t->state = THREAD_EXITED;
	arch_thread_exit(&t->arch);
}
