// SPDX-License-Identifier: MIT
/*
 * System-call profiles (hvm/profile.h): hvm-kernel counts every system
 * call of a hybrid process, served natively or forwarded to Linux, with its
 * time in TSC ticks; hvm.ko hands them out with HVM_IOC_GET_PROFILE. Here:
 * reading one, turning ticks into microseconds with the TSC frequency
 * Linux gave, ordering the calls by time, and the table the runtime prints
 * at exit and hvmctl prints live. Never prints unless asked to.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mv_profile.h"
#include "mv_syscall_names.h"

#define MV_NAMES (sizeof(mv_syscall_names) / sizeof(mv_syscall_names[0]))

const char *mv_syscall_name(unsigned int nr)
{
	return nr < MV_NAMES ? mv_syscall_names[nr] : NULL;
}

int mv_profile_read(int fd, __u32 pid, __u32 flags, __u32 space, struct mv_profile *p)
{
	struct hvm_profile_request req;
	int err;

	memset(&req, 0, sizeof(req));
	memset(p, 0, sizeof(*p));
	req.pid = pid;
	req.flags = flags;
	req.space = space;
	req.buf = (__u64)(unsigned long)p->calls;
	req.nr_entries = HVM_NR_SYSCALLS;
	err = mv_dev_call(fd, HVM_IOC_GET_PROFILE, &req);
	if (err)
		return err;
	p->tgid = req.tgid;
	p->space = req.space;
	p->tsc_khz = req.tsc_khz;
	p->merged_ns = req.merged_ns;
	p->stage_calls = req.stage_calls;
	memcpy(p->stage_ticks, req.stage_ticks, sizeof(p->stage_ticks));
	return 0;
}

const char *mv_profile_unit(const struct mv_profile *p)
{
	return p->tsc_khz ? "us" : "ticks";
}

/* @ticks in mv_profile_unit(): tsc_khz ticks make a millisecond. */
static double mv_profile_time(const struct mv_profile *p, __u64 ticks)
{
	return p->tsc_khz ? (double)ticks * 1000.0 / (double)p->tsc_khz : (double)ticks;
}

static int mv_row_cmp(const void *a, const void *b)
{
	const struct mv_profile_row *x = a, *y = b;
	double tx = x->native_time + x->forwarded_time, ty = y->native_time + y->forwarded_time;
	__u64 cx = x->native_calls + x->forwarded_calls, cy = y->native_calls + y->forwarded_calls;

	if (tx != ty)
		return tx < ty ? 1 : -1;
	if (cx != cy)
		return cx < cy ? 1 : -1;
	return x->nr < y->nr ? -1 : 1;
}

unsigned int mv_profile_rows(const struct mv_profile *p,
			     struct mv_profile_row rows[HVM_NR_SYSCALLS])
{
	unsigned int n = 0;

	for (unsigned int nr = 0; nr < HVM_NR_SYSCALLS; nr++) {
		const struct hvm_profile_entry *e = &p->calls[nr];

		if (!e->native_calls && !e->forwarded_calls)
			continue;
		rows[n].nr = nr;
		rows[n].name = mv_syscall_name(nr);
		rows[n].native_calls = e->native_calls;
		rows[n].forwarded_calls = e->forwarded_calls;
		rows[n].native_time = mv_profile_time(p, e->native_ticks);
		rows[n].forwarded_time = mv_profile_time(p, e->forwarded_ticks);
		n++;
	}
	qsort(rows, n, sizeof(rows[0]), mv_row_cmp);
	return n;
}

void mv_profile_print_summary(FILE *out, const struct mv_profile *p)
{
	__u64 native = 0, forwarded = 0, ticks = 0;

	for (unsigned int nr = 0; nr < HVM_NR_SYSCALLS; nr++) {
		native += p->calls[nr].native_calls;
		forwarded += p->calls[nr].forwarded_calls;
		ticks += p->calls[nr].native_ticks + p->calls[nr].forwarded_ticks;
	}
	fprintf(out, "%llu system calls forwarded to Linux, %llu served by hvm-kernel, ",
		(unsigned long long)forwarded, (unsigned long long)native);
	if (p->tsc_khz)
		fprintf(out, "%.3f ms in all\n", mv_profile_time(p, ticks) / 1000.0);
	else
		fprintf(out, "%llu TSC ticks in all (Linux did not give the TSC frequency)\n",
			(unsigned long long)ticks);
}

void mv_profile_print_stages(FILE *out, const struct mv_profile *p)
{
	static const char *const names[HVM_FORWARD_STAGES] = {
		[HVM_STAGE_POST_TO_SEEN] = "post-to-seen",
		[HVM_STAGE_SEEN_TO_MADE] = "seen-to-made",
		[HVM_STAGE_MADE_TO_POSTED] = "made-to-posted",
		[HVM_STAGE_POSTED_TO_RUNNING] = "posted-to-running",
	};

	if (!p->stage_calls || !p->tsc_khz)
		return;
	fprintf(out, "forwarded call stages over %llu calls (mean ns):",
		(unsigned long long)p->stage_calls);
	for (unsigned int n = 0; n < HVM_FORWARD_STAGES; n++)
		fprintf(out, "%s %s %.0f", n ? "," : "", names[n],
			mv_profile_time(p, p->stage_ticks[n]) * 1000.0 / (double)p->stage_calls);
	fprintf(out, "\n");
}

/* A count and its mean time, or "-" for the mean of no calls. */
static void mv_print_mean(FILE *out, __u64 calls, double time)
{
	fprintf(out, "  %10llu", (unsigned long long)calls);
	if (calls)
		fprintf(out, " %10.3f", time / (double)calls);
	else
		fprintf(out, " %10s", "-");
}

void mv_profile_print_table(FILE *out, const struct mv_profile *p)
{
	static struct mv_profile_row rows[HVM_NR_SYSCALLS];
	const char *unit = mv_profile_unit(p);
	unsigned int n = mv_profile_rows(p, rows);
	char mean[16], total[16];

	snprintf(mean, sizeof(mean), "mean %s", unit);
	snprintf(total, sizeof(total), "total %s", p->tsc_khz ? "ms" : unit);
	fprintf(out, "  %-22s  %10s %10s  %10s %10s %12s\n", "system call", "native", mean,
		"forwarded", mean, total);
	for (unsigned int i = 0; i < n; i++) {
		const struct mv_profile_row *r = &rows[i];
		double sum = r->native_time + r->forwarded_time;
		char number[16];

		snprintf(number, sizeof(number), "#%u", r->nr);
		fprintf(out, "  %-22s", r->name ? r->name : number);
		mv_print_mean(out, r->native_calls, r->native_time);
		mv_print_mean(out, r->forwarded_calls, r->forwarded_time);
		fprintf(out, " %12.3f\n", p->tsc_khz ? sum / 1000.0 : sum);
	}
}
