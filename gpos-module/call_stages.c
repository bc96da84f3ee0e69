// SPDX-License-Identifier: GPL-2.0
/*
 * Where a forwarded system call's time goes (hvm/call.h, Stage times;
 * the stages: hvm/ioctl.h, HVM_STAGE_*). The HRT stamps when it posted a
 * request and when its thread ran again; hvm.ko stamps when it saw the
 * request, when the partner came back with the result and when it posted
 * the result. Once the HRT's second stamp is there (hvm.ko looks when the
 * slot next has news: the next request or the call's end) the four stages
 * are added to the process's sums, which HVM_IOC_GET_PROFILE reports. The
 * HRT's stamps are untrusted numbers: a sample whose stages are not in
 * order, or implausibly long, is dropped; nothing but these sums depends
 * on them. Page faults resolved inside hvm.ko are not system calls and
 * are not sampled.
 */
#include <linux/string.h>
#include <asm/msr.h>

#include "hvm_call.h"
#include "hvm_module.h"

/* A stage longer than this many TSC ticks (minutes at any clock rate) is a bad stamp. */
#define STAGE_TICKS_MAX (1ULL << 40)

/* Linux's stamps of the request in flight in a slot (Linux's own memory). */
struct stage_sample {
	u64 posted, seen, made, resumed; /* TSC; posted is the HRT's, copied when seen */
	bool open; /* all four taken: waiting for the HRT's running stamp */
};

static struct stage_sample samples[HVM_MAX_SLOTS];

static struct hvm_slot_times *shared_times(unsigned int i)
{
	return hvm_slot_times(hvm_hrt.part, i);
}

/* A new call in slot i: nothing is measured yet. */
void hvm_stages_reset(unsigned int i)
{
	memset(&samples[i], 0, sizeof(samples[i]));
}

/* Slot i asks Linux for a system call: the HRT's post stamp, and ours. */
void hvm_stages_seen(unsigned int i)
{
	struct stage_sample *s = &samples[i];

	s->posted = READ_ONCE(shared_times(i)->posted);
	s->seen = rdtsc_ordered();
	s->made = 0;
	s->open = false;
}

/* The partner is back with the system call's result. */
void hvm_stages_made(unsigned int i)
{
	if (samples[i].seen)
		samples[i].made = rdtsc_ordered();
}

/* The result of slot i's request is posted; only a system call's was made by the partner. */
void hvm_stages_posted(unsigned int i)
{
	struct stage_sample *s = &samples[i];

	if (!s->made)
		return;
	s->resumed = rdtsc_ordered();
	s->open = true;
}

/* @to - @from as a stage's length, or false for stamps out of order or too far apart. */
static bool stage_length(u64 from, u64 to, u64 *ticks)
{
	if (to < from || to - from > STAGE_TICKS_MAX)
		return false;
	*ticks = to - from;
	return true;
}

/* Slot i has news: the HRT ran the thread again after the last result; add that sample. */
void hvm_stages_close(unsigned int i, struct hvm_space_ctx *ctx)
{
	struct stage_sample s = samples[i];
	u64 running, ticks[HVM_FORWARD_STAGES];

	if (!s.open)
		return;
	samples[i].open = false;
	running = READ_ONCE(shared_times(i)->running);
	if (stage_length(s.posted, s.seen, &ticks[HVM_STAGE_POST_TO_SEEN]) &&
	    stage_length(s.seen, s.made, &ticks[HVM_STAGE_SEEN_TO_MADE]) &&
	    stage_length(s.made, s.resumed, &ticks[HVM_STAGE_MADE_TO_POSTED]) &&
	    stage_length(s.resumed, running, &ticks[HVM_STAGE_POSTED_TO_RUNNING]))
		hvm_space_add_stages(ctx, ticks);
}
