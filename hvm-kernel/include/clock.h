/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Linux's clocks on the HRT (kernel/clock.c): the TSC turned into the time
 * Linux would give, from the snapshot hvm.ko publishes (hvm/clock.h).
 * Every function says false when the HRT cannot serve that clock (an id it
 * does not serve, no valid or too old a snapshot): the system call is then
 * forwarded to Linux.
 */
#ifndef HVM_KERNEL_CLOCK_H
#define HVM_KERNEL_CLOCK_H

#include "kernel.h"

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_SEC 1000000000ULL

/* struct __kernel_timespec and struct __kernel_old_timeval on x86-64. */
struct kernel_timespec {
	__s64 tv_sec;
	__s64 tv_nsec;
};

struct kernel_timeval {
	__s64 tv_sec;
	__s64 tv_usec;
};

/* struct timezone */
struct kernel_timezone {
	__s32 tz_minuteswest;
	__s32 tz_dsttime;
};

/* Clock @id now, in ns since its epoch. */
bool clock_now(int id, __u64 *ns);

/* Clock @id's resolution, as clock_getres gives it. */
bool clock_resolution(int id, __u64 *ns);

/* gettimeofday's timezone. */
bool clock_timezone(struct kernel_timezone *tz);

/*
 * TSC cycles per millisecond as Linux measured them at boot (boot_info's
 * tsc_khz), or 1 GHz's when Linux gave none: for bounds and time slices,
 * not for telling the time.
 */
__u64 clock_tsc_khz(void);

/* The TSC cycles @ns nanoseconds take at the current rate, at least 1; @ns below 2^31. */
__u64 clock_ns_to_cycles(__u64 ns);

static inline struct kernel_timespec clock_to_timespec(__u64 ns)
{
	return (struct kernel_timespec){(__s64)(ns / NSEC_PER_SEC), (__s64)(ns % NSEC_PER_SEC)};
}

#endif /* HVM_KERNEL_CLOCK_H */
