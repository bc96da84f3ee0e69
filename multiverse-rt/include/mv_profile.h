/* SPDX-License-Identifier: MIT */
/*
 * System-call profiles of hybrid processes (hvm/profile.h), as the runtime
 * reports them at exit (HVM_PROFILE=1, HVM_PROFILE_SVG=FILE) and hvmctl
 * shows them live ('hvmctl profile'): reading one through /dev/hvm, the
 * table, and the chart (profile_svg.c).
 */
#ifndef MV_PROFILE_H
#define MV_PROFILE_H

#include <stdio.h>

#include <hvm/ioctl.h>

#include "hvm_dev.h"

/* One process's profile as HVM_IOC_GET_PROFILE gave it. */
struct mv_profile {
	__u32 tgid; /* the merged process */
	__u32 space; /* its space id */
	__u64 tsc_khz; /* 0: times are in ticks */
	__u64 merged_ns; /* since it merged */
	__u64 stage_calls; /* forwarded system calls measured by stage */
	__u64 stage_ticks[HVM_FORWARD_STAGES]; /* their stages' TSC ticks, summed */
	struct hvm_profile_entry calls[HVM_NR_SYSCALLS];
};

/* One system call that was made, for the table and the chart. */
struct mv_profile_row {
	unsigned int nr;
	const char *name;
	__u64 native_calls, forwarded_calls;
	double native_time, forwarded_time; /* in mv_profile_unit() */
};

/*
 * Read a profile on /dev/hvm descriptor @fd: of process @pid (0: the
 * calling process), or of space @space with HVM_PROFILE_BY_SPACE in
 * @flags. 0 or -errno (-ESRCH no such process, -ENOENT not merged).
 */
MV_HIDDEN int mv_profile_read(int fd, __u32 pid, __u32 flags, __u32 space, struct mv_profile *p);

/* The calls made (native or forwarded), by total time, longest first; returns how many. */
MV_HIDDEN unsigned int mv_profile_rows(const struct mv_profile *p,
				       struct mv_profile_row rows[HVM_NR_SYSCALLS]);

/* "us" (times are microseconds), or "ticks" when Linux did not know the TSC frequency. */
MV_HIDDEN const char *mv_profile_unit(const struct mv_profile *p);

/* One line: "N system calls forwarded to Linux, M served by hvm-kernel, T ms in all". */
MV_HIDDEN void mv_profile_print_summary(FILE *out, const struct mv_profile *p);

/* The table: system call, native count and mean, forwarded count and mean, total time. */
MV_HIDDEN void mv_profile_print_table(FILE *out, const struct mv_profile *p);

/*
 * One line, where forwarded system calls' time went on average (nothing
 * when none was measured): "forwarded call stages over N calls (mean ns):
 * post-to-seen A, seen-to-made B, made-to-posted C, posted-to-running D".
 */
MV_HIDDEN void mv_profile_print_stages(FILE *out, const struct mv_profile *p);

/* A horizontal bar chart (SVG) of counts and time per call, native vs forwarded. */
MV_HIDDEN int mv_profile_write_svg(FILE *out, const struct mv_profile *p, const char *title);

/* The name of x86-64 system call @nr, NULL if it has none. */
MV_HIDDEN const char *mv_syscall_name(unsigned int nr);

#endif /* MV_PROFILE_H */
