// SPDX-License-Identifier: GPL-2.0
/*
 * Linux's clocks for the HRT (hvm/clock.h): hvm-kernel serves
 * clock_gettime, gettimeofday, time, clock_getres and the deadlines of its
 * sleeps from its TSC, through a snapshot this file keeps current.
 *
 * Calibration. Linux's clocksource need not be the TSC (under QEMU TCG it
 * is the HPET: Linux marks the TSC unstable), so the TSC is tied to
 * Linux's clock by measurement, not by Linux's own TSC parameters:
 *  - a measurement brackets ktime_get_ns() and ktime_get_raw_ns() between
 *    two reads of the TSC with interrupts off, best (narrowest) of a few
 *    tries, and pairs the clock values with the bracket's middle: its
 *    half-width bounds the pairing error;
 *  - every clock_refresh_ms (module parameter, 10 ms by default) a delayed
 *    work measures again. The TSC rate (ns per cycle, << CLOCK_TSC_SHIFT)
 *    starts from Linux's tsc_khz and is measured over a baseline of at
 *    least CLOCK_RATE_BASELINE_MS between well-paired measurements;
 *  - each refresh starts a new segment where the previous one's
 *    extrapolation stands at the new TSC value (so the HRT's clocks are
 *    continuous and never go back), with a slew that closes the measured
 *    error e (Linux's value minus the extrapolation) over one period T:
 *    slope rate * (T + e) / T for T, e clamped below at -T/2 so the slope
 *    stays at least half the rate, then the rate itself, so a refresh that
 *    comes late (this work starved) does not stretch the slew. An HRT clock
 *    behind by more than a period jumps forward to Linux's value instead;
 *  - the HRT stops using a snapshot older than CLOCK_MAX_AGE_MS (its
 *    calls are forwarded then), which bounds the drift if this work is
 *    starved;
 *  - at every boot every HRT CPU is pinged for its TSC, which must lie
 *    between two reads of the Linux CPU's TSC around the ping; an HRT CPU
 *    out of step leaves the snapshot invalid and the time calls forwarded.
 * The measured errors (the last and the largest |e| since the module
 * loaded, and the widest bracket) are in /sys/module/hvm/parameters/clock_stats.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/irqflags.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/moduleparam.h>
#include <linux/sysfs.h>
#include <linux/hrtimer.h>
#include <linux/time.h>
#include <linux/timekeeping.h>
#include <asm/msr.h>
#include <asm/tsc.h>
#include <hvm/clock.h>

#include "hvm_module.h"

#define CLOCK_TSC_SHIFT 32
#define CLOCK_MAX_AGE_MS 2000
#define CLOCK_MEASURE_TRIES 4
#define CLOCK_TSC_CHECK_TRIES 8
#define CLOCK_RATE_BASELINE_MS 1000
#define CLOCK_RATE_MAX_PAIRING_NS 20000

static unsigned int clock_refresh_ms = 10;
module_param(clock_refresh_ms, uint, 0444);
MODULE_PARM_DESC(clock_refresh_ms,
		 "how often the HRT's clock snapshot is refreshed, in ms (default 10)");

/*
 * One of Linux's clocks as the HRT extrapolates it: the published segment
 * starts at (clk.tsc, base_ns) and advances at mult for clk.slew cycles,
 * then at pub_rate (hvm_clock_advance()); next_mult is the slope the next
 * segment takes (clock_line_refresh()).
 */
struct clock_line {
	u64 base_ns; /* the published segment's value at clk.tsc */
	u64 mult; /* its slew slope, ns per cycle << CLOCK_TSC_SHIFT */
	u64 pub_rate; /* its slope after the slew */
	u64 next_mult;
	bool jump; /* the next segment starts on Linux's value */
	u64 rate; /* measured ns per cycle << CLOCK_TSC_SHIFT */
	u64 last_ns; /* the clock at the last measurement */
	u64 last_tsc; /* and the TSC it was paired with */
	u64 anchor_ns; /* a well-paired measurement at least */
	u64 anchor_tsc; /* CLOCK_RATE_BASELINE_MS old: the rate's baseline */
};

/* A measurement: both clocks at one TSC value, paired within half_width cycles. */
struct clock_sample {
	u64 tsc;
	u64 mono_ns;
	u64 raw_ns;
	u64 half_width;
};

/* Everything under lock; the published copy lives in the partition. */
static struct {
	struct mutex lock;
	struct delayed_work work;
	bool started; /* a segment is published */
	bool tsc_ok; /* every HRT CPU's TSC is in step with Linux's */
	u64 tsc; /* where the published segment starts */
	u64 slew; /* cycles its slew lasts: one period */
	struct clock_line mono, raw;
	u64 refreshes;
	s64 last_error_ns;
	u64 max_error_ns; /* largest |error| seen at a refresh */
	u64 max_half_width; /* largest pairing uncertainty, cycles */
	u64 steps; /* segments that jumped forward to Linux's value */
} clk;

static struct hvm_clock *clock_shared(void)
{
	return hvm_hrt.part + HVM_CLOCK_OFFSET;
}

static u64 clock_cycles_to_ns(u64 cycles)
{
	return tsc_khz ? div_u64(cycles * 1000000ULL, tsc_khz) : cycles;
}

static void clock_measure(struct clock_sample *s)
{
	unsigned long flags;
	int i;

	s->half_width = U64_MAX;
	for (i = 0; i < CLOCK_MEASURE_TRIES; i++) {
		u64 t0, t1, mono, raw;

		local_irq_save(flags);
		t0 = rdtsc_ordered();
		mono = ktime_get_ns();
		raw = ktime_get_raw_ns();
		t1 = rdtsc_ordered();
		local_irq_restore(flags);
		if (t1 < t0 || (t1 - t0) / 2 >= s->half_width)
			continue;
		s->half_width = (t1 - t0) / 2;
		s->tsc = t0 + s->half_width;
		s->mono_ns = mono;
		s->raw_ns = raw;
	}
}

/* Linux's rate at the start: tsc_khz, else 1 ns per cycle. */
static u64 clock_initial_rate(void)
{
	return tsc_khz ? div_u64(1000000ULL << CLOCK_TSC_SHIFT, tsc_khz) : 1ULL << CLOCK_TSC_SHIFT;
}

static void clock_line_start(struct clock_line *l, u64 tsc, u64 now_ns)
{
	l->base_ns = now_ns;
	l->last_ns = now_ns;
	l->last_tsc = tsc;
	l->anchor_ns = now_ns;
	l->anchor_tsc = tsc;
	l->rate = clock_initial_rate();
	l->mult = l->rate;
	l->pub_rate = l->rate;
	l->next_mult = l->rate;
	l->jump = true;
}

/* The published segment's value at @tsc (not before its start). */
static u64 clock_line_at(const struct clock_line *l, u64 tsc)
{
	return l->base_ns +
	       hvm_clock_advance(tsc - clk.tsc, l->mult, l->pub_rate, clk.slew, CLOCK_TSC_SHIFT);
}

/*
 * The rate over a baseline of at least CLOCK_RATE_BASELINE_MS between two
 * measurements paired within CLOCK_RATE_MAX_PAIRING_NS, so neither a
 * stretched pairing (the Linux vCPU preempted between its reads) nor a
 * short interval spoils it.
 */
static void clock_line_rate(struct clock_line *l, const struct clock_sample *s, u64 now_ns)
{
	u64 cycles = s->tsc - l->anchor_tsc;

	if (clock_cycles_to_ns(s->half_width) > CLOCK_RATE_MAX_PAIRING_NS ||
	    s->tsc <= l->anchor_tsc || now_ns <= l->anchor_ns)
		return;
	if (clock_cycles_to_ns(cycles) < CLOCK_RATE_BASELINE_MS * NSEC_PER_MSEC)
		return;
	l->rate = mul_u64_u64_div_u64(now_ns - l->anchor_ns, 1ULL << CLOCK_TSC_SHIFT, cycles);
	l->anchor_ns = now_ns;
	l->anchor_tsc = s->tsc;
}

/*
 * Linux's clock read @now_ns in measurement @s: update the rate and choose
 * the next segment's slew, which closes the error over one period (see the
 * head of this file). Returns the error: Linux's value minus the HRT's.
 */
static s64 clock_line_refresh(struct clock_line *l, const struct clock_sample *s, u64 now_ns)
{
	s64 period = (s64)clock_refresh_ms * NSEC_PER_MSEC;
	s64 error = (s64)(now_ns - clock_line_at(l, s->tsc));

	clock_line_rate(l, s, now_ns);
	l->last_ns = now_ns;
	l->last_tsc = s->tsc;
	l->jump = error > period; /* behind by more than a period: jump forward */
	if (l->jump)
		l->next_mult = l->rate;
	else
		l->next_mult = l->rate + div64_s64((s64)l->rate * max(error, -period / 2), period);
	return error;
}

/*
 * The next segment starts at @tsc, a TSC value read after seq went odd, so
 * no reader of the old segment saw a later one: continuing the old line
 * from there keeps every clock monotonic across the change.
 */
static void clock_line_advance(struct clock_line *l, u64 tsc)
{
	if (l->jump)
		l->base_ns =
			l->last_ns + hvm_clock_scale(tsc - l->last_tsc, l->rate, CLOCK_TSC_SHIFT);
	else
		l->base_ns = clock_line_at(l, tsc);
	l->mult = l->next_mult;
	l->pub_rate = l->rate;
	l->jump = false;
}

/*
 * Start the next segment and copy it into the partition under the sequence
 * lock (hvm/clock.h), with interrupts off so the odd window lasts well
 * under a microsecond: an HRT reader that finds it odd waits for it.
 */
static void clock_publish(void)
{
	struct hvm_clock *c = clock_shared();
	unsigned long flags;
	u64 mono, tsc;

	local_irq_save(flags);
	mono = ktime_get_ns();
	hvm_publish(&c->seq, c->seq | 1);
	smp_mb(); /* the odd seq is visible before the TSC is read and any field changes */
	tsc = rdtsc_ordered();
	if (clk.started && tsc > clk.tsc) {
		clock_line_advance(&clk.mono, tsc);
		clock_line_advance(&clk.raw, tsc);
		clk.tsc = tsc;
		clk.slew = mul_u64_u64_div_u64((u64)clock_refresh_ms * NSEC_PER_MSEC,
					       1ULL << CLOCK_TSC_SHIFT, clk.mono.rate);
	}
	c->magic = HVM_ABI_MAGIC;
	c->revision = HVM_ABI_REVISION;
	c->flags = clk.started && clk.tsc_ok ? HVM_CLOCK_F_VALID : 0;
	c->tsc = clk.tsc;
	c->mono_ns = clk.mono.base_ns;
	c->raw_ns = clk.raw.base_ns;
	c->mono_mult = clk.mono.mult;
	c->raw_mult = clk.raw.mult;
	c->mono_rate = clk.mono.pub_rate;
	c->raw_rate = clk.raw.pub_rate;
	c->slew_tsc = clk.slew;
	c->shift = CLOCK_TSC_SHIFT;
	c->hres_ns = hrtimer_resolution;
	c->coarse_res_ns = LOW_RES_NSEC;
	c->real_offset_ns = ktime_mono_to_any(mono, TK_OFFS_REAL) - mono;
	c->boot_offset_ns = ktime_mono_to_any(mono, TK_OFFS_BOOT) - mono;
	c->tai_offset_ns = ktime_mono_to_any(mono, TK_OFFS_TAI) - mono;
	c->max_age_tsc = tsc_khz * (u64)CLOCK_MAX_AGE_MS;
	c->tz_minuteswest = sys_tz.tz_minuteswest;
	c->tz_dsttime = sys_tz.tz_dsttime;
	hvm_publish(&c->seq, (c->seq | 1) + 1); /* every field before the even seq */
	local_irq_restore(flags);
}

/* Measure and publish a new segment; lock held. */
static void clock_refresh(void)
{
	struct clock_sample s;
	s64 error;

	clock_measure(&s);
	clk.max_half_width = max(clk.max_half_width, s.half_width);
	if (!clk.started || s.tsc <= clk.tsc) {
		clock_line_start(&clk.mono, s.tsc, s.mono_ns);
		clock_line_start(&clk.raw, s.tsc, s.raw_ns);
		clk.tsc = s.tsc;
		clk.started = true;
	} else {
		error = clock_line_refresh(&clk.mono, &s, s.mono_ns);
		clock_line_refresh(&clk.raw, &s, s.raw_ns);
		clk.last_error_ns = error;
		clk.max_error_ns = max_t(u64, clk.max_error_ns, error < 0 ? -error : error);
		clk.steps += clk.mono.jump;
		clk.refreshes++;
	}
	clock_publish();
}

static void clock_work(struct work_struct *work)
{
	mutex_lock(&clk.lock);
	clock_refresh();
	mutex_unlock(&clk.lock);
	schedule_delayed_work(&clk.work, max(1UL, msecs_to_jiffies(clock_refresh_ms)));
}

/*
 * Is HRT CPU @cpu's TSC in step with this CPU's? Its TSC, read while it
 * answers a ping, must lie between two reads of ours around the ping.
 * hvm_hrt.lock is held (the boot).
 */
static bool clock_cpu_in_step(unsigned int cpu, s64 *offset)
{
	int i;

	for (i = 0; i < CLOCK_TSC_CHECK_TRIES; i++) {
		u64 t0, t1, theirs;

		t0 = rdtsc_ordered();
		if (hvm_hrt_command(cpu, HVM_MBOX_PING, 0, &theirs))
			return false;
		t1 = rdtsc_ordered();
		*offset = theirs < t0 ? -(s64)(t0 - theirs) : theirs > t1 ? (s64)(theirs - t1) : 0;
		if (!*offset)
			return true;
	}
	return false;
}

void hvm_clock_boot_prepare(void)
{
	mutex_lock(&clk.lock);
	clk.tsc_ok = false;
	clock_publish(); /* into the zeroed boot area: invalid until the CPUs are checked */
	mutex_unlock(&clk.lock);
}

void hvm_clock_boot_done(void)
{
	bool ok = true;
	unsigned int i;

	for (i = 0; i < hvm_hrt.nr_cpus && ok; i++) {
		s64 offset = 0;

		ok = clock_cpu_in_step(i, &offset);
		if (!ok)
			pr_warn("HRT CPU %u (Linux cpu%u): its TSC is %lld cycles (about %llu us) away from Linux's, or it did not answer: hvm-kernel forwards the time calls to Linux; a host with an invariant, synchronized TSC fixes this\n",
				i, hvm_hrt.linux_cpu[i], offset,
				div_u64(clock_cycles_to_ns(offset < 0 ? -offset : offset), 1000));
	}
	mutex_lock(&clk.lock);
	clk.tsc_ok = ok;
	clock_refresh();
	mutex_unlock(&clk.lock);
}

static int clock_stats_get(char *buf, const struct kernel_param *kp)
{
	int n;

	mutex_lock(&clk.lock);
	n = sysfs_emit(
		buf,
		"refreshes %llu period %u ms tsc %s rate %llu kHz last error %lld ns max |error| %llu ns max pairing +-%llu ns forward steps %llu\n",
		clk.refreshes, clock_refresh_ms,
		clk.tsc_ok ? "in step" : "not checked or out of step",
		clk.mono.rate ? div64_u64(1000000ULL << CLOCK_TSC_SHIFT, clk.mono.rate) : 0,
		clk.last_error_ns, clk.max_error_ns, clock_cycles_to_ns(clk.max_half_width),
		clk.steps);
	mutex_unlock(&clk.lock);
	return n;
}

static const struct kernel_param_ops clock_stats_ops = {
	.get = clock_stats_get,
};
module_param_cb(clock_stats, &clock_stats_ops, NULL, 0444);
MODULE_PARM_DESC(clock_stats, "how well the HRT's clock follows Linux's (read only)");

void hvm_clock_init(void)
{
	mutex_init(&clk.lock);
	INIT_DELAYED_WORK(&clk.work, clock_work);
	if (!clock_refresh_ms)
		clock_refresh_ms = 1;
	mutex_lock(&clk.lock);
	clock_refresh();
	mutex_unlock(&clk.lock);
	schedule_delayed_work(&clk.work, msecs_to_jiffies(clock_refresh_ms));
}

void hvm_clock_exit(void)
{
	cancel_delayed_work_sync(&clk.work);
}
