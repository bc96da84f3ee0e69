// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Linux's clocks on the HRT (include/clock.h): the snapshot hvm.ko keeps
 * current (hvm/clock.h, calibration in gpos-module/clock.c) is read under
 * its sequence lock together with the TSC, and each clock is its segment's
 * line at that TSC value, plus the clock's offset from CLOCK_MONOTONIC.
 * The coarse clocks are read as their fine ones: never behind Linux's
 * coarse reading, at most one tick ahead of it.
 */
#include <hvm/barrier.h>
#include <hvm/clock.h>

#include "arch.h"
#include "arch/cpu.h"
#include "bootinfo.h"
#include "clock.h"
#include "kernel.h"
#include "memlayout.h"

/*
 * Linux rewrites the snapshot with interrupts off in well under a
 * microsecond; a reader that still finds it half written after this long
 * (Linux's vCPU descheduled by the host in between) gives up and forwards.
 */
#define CLOCK_READ_BOUND_US 500
#define CLOCK_FALLBACK_KHZ 1000000ULL

/* The fields a reading needs, copied under the sequence lock. */
struct clock_copy {
	__u64 tsc, mono_ns, raw_ns, mono_mult, raw_mult, mono_rate, raw_rate, slew_tsc, max_age_tsc;
	__s64 real_offset_ns, boot_offset_ns, tai_offset_ns;
	__u32 shift, hres_ns, coarse_res_ns;
	__s32 tz_minuteswest, tz_dsttime;
	__u64 now; /* the TSC, read inside the lock */
};

static bool clock_copy_valid(const struct hvm_clock *c)
{
	return hvm_read_once(&c->magic) == HVM_ABI_MAGIC &&
	       hvm_read_once(&c->revision) == HVM_ABI_REVISION &&
	       (hvm_read_once(&c->flags) & HVM_CLOCK_F_VALID);
}

static void clock_copy_fields(const struct hvm_clock *c, struct clock_copy *k)
{
	k->tsc = hvm_read_once(&c->tsc);
	k->mono_ns = hvm_read_once(&c->mono_ns);
	k->raw_ns = hvm_read_once(&c->raw_ns);
	k->mono_mult = hvm_read_once(&c->mono_mult);
	k->raw_mult = hvm_read_once(&c->raw_mult);
	k->mono_rate = hvm_read_once(&c->mono_rate);
	k->raw_rate = hvm_read_once(&c->raw_rate);
	k->slew_tsc = hvm_read_once(&c->slew_tsc);
	k->max_age_tsc = hvm_read_once(&c->max_age_tsc);
	k->real_offset_ns = hvm_read_once(&c->real_offset_ns);
	k->boot_offset_ns = hvm_read_once(&c->boot_offset_ns);
	k->tai_offset_ns = hvm_read_once(&c->tai_offset_ns);
	k->shift = hvm_read_once(&c->shift);
	k->hres_ns = hvm_read_once(&c->hres_ns);
	k->coarse_res_ns = hvm_read_once(&c->coarse_res_ns);
	k->tz_minuteswest = hvm_read_once(&c->tz_minuteswest);
	k->tz_dsttime = hvm_read_once(&c->tz_dsttime);
}

__u64 clock_tsc_khz(void)
{
	return boot_info->tsc_khz ? boot_info->tsc_khz : CLOCK_FALLBACK_KHZ;
}

/* A consistent copy of the snapshot and the TSC; false if there is no usable one. */
static bool clock_read(struct clock_copy *k)
{
	const struct hvm_clock *c = PARTITION_PTR(HVM_CLOCK_OFFSET);
	__u64 start = arch_timestamp(), bound = clock_tsc_khz() * CLOCK_READ_BOUND_US / 1000;

	for (bool retry = false;; retry = true, cpu_relax()) {
		__u32 seq;
		bool valid;

		if (retry && arch_timestamp() - start > bound)
			return false;
		seq = hvm_observe(&c->seq); /* then the fields */
		if (seq & 1)
			continue;
		valid = clock_copy_valid(c);
		clock_copy_fields(c, k);
		k->now = arch_timestamp_ordered();
		__atomic_thread_fence(
			__ATOMIC_ACQUIRE); /* the fields and the TSC before seq again */
		if (hvm_read_once(&c->seq) != seq)
			continue;
		return valid && k->shift < 64;
	}
}

/* CLOCK_MONOTONIC (or, @raw, CLOCK_MONOTONIC_RAW) at k->now; false if the snapshot is too old. */
static bool clock_line(const struct clock_copy *k, bool raw, __u64 *ns)
{
	__u64 cycles = (__s64)(k->now - k->tsc) < 0 ? 0 : k->now - k->tsc;

	if (cycles > k->max_age_tsc)
		return false;
	if (raw)
		*ns = k->raw_ns +
		      hvm_clock_advance(cycles, k->raw_mult, k->raw_rate, k->slew_tsc, k->shift);
	else
		*ns = k->mono_ns +
		      hvm_clock_advance(cycles, k->mono_mult, k->mono_rate, k->slew_tsc, k->shift);
	return true;
}

bool clock_now(int id, __u64 *ns)
{
	struct clock_copy k;
	__u64 mono;

	if (!clock_read(&k))
		return false;
	if (id == CLOCK_MONOTONIC_RAW)
		return clock_line(&k, true, ns);
	if (!clock_line(&k, false, &mono))
		return false;
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = mono + k.real_offset_ns;
		return true;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_COARSE:
		*ns = mono;
		return true;
	case CLOCK_BOOTTIME:
		*ns = mono + k.boot_offset_ns;
		return true;
	case CLOCK_TAI:
		*ns = mono + k.tai_offset_ns;
		return true;
	}
	return false;
}

bool clock_resolution(int id, __u64 *ns)
{
	struct clock_copy k;

	if (!clock_read(&k))
		return false;
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
		*ns = k.hres_ns;
		return true;
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
		*ns = k.coarse_res_ns;
		return true;
	}
	return false;
}

bool clock_timezone(struct kernel_timezone *tz)
{
	struct clock_copy k;

	if (!clock_read(&k))
		return false;
	tz->tz_minuteswest = k.tz_minuteswest;
	tz->tz_dsttime = k.tz_dsttime;
	return true;
}

/* (ns << shift) / mult; a mult of 0 (no snapshot) or a tiny result counts one cycle. */
__u64 clock_ns_to_cycles(__u64 ns)
{
	struct clock_copy k;
	__u64 cycles;

	if (!clock_read(&k) || !k.mono_rate || k.shift > 32)
		return 1;
	cycles = (ns << k.shift) / k.mono_rate;
	return cycles ? cycles : 1;
}
