/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Linux's clocks for the HRT: what hvm-kernel needs to turn its TSC into
 * the time Linux would give (clock_gettime, gettimeofday, time,
 * clock_getres, and the deadlines of nanosleep), published by hvm.ko at
 * HVM_CLOCK_OFFSET in the partition (hvm/boot.h).
 *
 * The snapshot, like a vDSO's data page: at TSC value tsc, Linux's
 * CLOCK_MONOTONIC read mono_ns and CLOCK_MONOTONIC_RAW raw_ns; from there
 * each advances by *_mult >> shift ns per TSC cycle for slew_tsc cycles,
 * then by *_rate >> shift, the measured rate (hvm_clock_advance()).
 * CLOCK_REALTIME, CLOCK_BOOTTIME and CLOCK_TAI are CLOCK_MONOTONIC plus
 * real_offset_ns, boot_offset_ns and tai_offset_ns (Linux's own offsets,
 * which change only when the time is set or the system resumed). The
 * *_COARSE clocks are read as their fine clock (never behind Linux's
 * coarse reading, by at most one tick ahead); clock_getres answers hres_ns
 * for the fine clocks and coarse_res_ns for the coarse ones. tz_* is
 * gettimeofday's struct timezone (Linux's sys_tz).
 *
 * Linux refreshes the snapshot periodically (every few ms) so the
 * extrapolation never runs far; each new segment starts where the previous
 * one's extrapolation stood and its *_mult is chosen to meet Linux's clock
 * at the next refresh (the slew), so the HRT's clocks never go backwards
 * (a segment starts on Linux's value directly only when that is ahead); a
 * refresh that comes late finds the clock running at the measured rate,
 * not the slew's. hvm.ko
 * explains the calibration (gpos-module/clock.c).
 *
 * Protocol (a sequence lock; Linux is the only writer): Linux makes seq
 * odd, writes the fields, makes seq even again (hvm_publish). A reader
 * takes seq (hvm_observe), retries while it is odd, reads the fields and
 * its TSC, and retries if seq changed meanwhile. The HRT serves the time
 * itself only while magic and revision match, flags has HVM_CLOCK_F_VALID
 * (Linux found every HRT CPU's TSC in step with its own at boot) and the
 * snapshot is younger than max_age_tsc cycles; otherwise it forwards the
 * call to Linux. hvm.ko zeroes the area at every boot and publishes it
 * before it starts the HRT CPUs.
 */
#ifndef HVM_CLOCK_H
#define HVM_CLOCK_H

#include "boot.h"

#define HVM_CLOCK_OFFSET 0x018000ULL
#define HVM_CLOCK_SIZE 0x001000ULL

#define HVM_CLOCK_F_VALID (1u << 0) /* the HRT may serve the time from this snapshot */

struct hvm_clock {
	__u32 magic; /* HVM_ABI_MAGIC */
	__u32 revision; /* HVM_ABI_REVISION */
	__u32 seq; /* Linux: odd while it writes the fields below */
	__u32 flags; /* HVM_CLOCK_F_* */
	__u64 tsc; /* the TSC value the segment starts at */
	__u64 mono_ns; /* CLOCK_MONOTONIC at tsc */
	__u64 raw_ns; /* CLOCK_MONOTONIC_RAW at tsc */
	__u64 mono_mult; /* CLOCK_MONOTONIC ns per TSC cycle, << shift */
	__u64 raw_mult; /* CLOCK_MONOTONIC_RAW ns per TSC cycle, << shift */
	__u32 shift;
	__u32 hres_ns; /* clock_getres of the fine clocks */
	__s64 real_offset_ns; /* CLOCK_REALTIME - CLOCK_MONOTONIC */
	__s64 boot_offset_ns; /* CLOCK_BOOTTIME - CLOCK_MONOTONIC */
	__s64 tai_offset_ns; /* CLOCK_TAI - CLOCK_MONOTONIC */
	__u64 max_age_tsc; /* serve no time from a snapshot older than this */
	__u32 coarse_res_ns; /* clock_getres of the *_COARSE clocks */
	__s32 tz_minuteswest; /* gettimeofday's timezone */
	__s32 tz_dsttime;
	__u32 pad;
	__u64 mono_rate; /* CLOCK_MONOTONIC ns per TSC cycle after the slew, << shift */
	__u64 raw_rate; /* CLOCK_MONOTONIC_RAW's */
	__u64 slew_tsc; /* cycles from tsc that *_mult applies to */
	__u64 reserved;
};

/* Nanoseconds in @cycles TSC cycles at @mult >> @shift ns per cycle. */
static inline __u64 hvm_clock_scale(__u64 cycles, __u64 mult, __u32 shift)
{
	return (__u64)(((unsigned __int128)cycles * mult) >> shift);
}

/* The ns a clock advanced @cycles after the segment's start: @mult for @slew cycles, then @rate. */
static inline __u64 hvm_clock_advance(__u64 cycles, __u64 mult, __u64 rate, __u64 slew, __u32 shift)
{
	__u64 first = cycles < slew ? cycles : slew;

	return hvm_clock_scale(first, mult, shift) + hvm_clock_scale(cycles - first, rate, shift);
}

_Static_assert(sizeof(struct hvm_clock) == 144, "hvm_clock layout");
_Static_assert(sizeof(struct hvm_clock) <= HVM_CLOCK_SIZE, "hvm_clock fits its page");
_Static_assert(HVM_MAILBOX_OFFSET + 64 * HVM_MAX_CPUS <= HVM_CLOCK_OFFSET &&
		       HVM_CLOCK_OFFSET + HVM_CLOCK_SIZE <= HVM_CRASH_OFFSET,
	       "the clock page lies between the mailboxes and the crash slots");

#endif /* HVM_CLOCK_H */
