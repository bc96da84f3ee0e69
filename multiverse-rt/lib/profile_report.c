// SPDX-License-Identifier: MIT
/*
 * The exit-time report of a hybrid program's system calls, read from
 * hvm-kernel's profile of the process (profile.c): HVM_PROFILE=1 prints
 * the table to stderr (HVM_STATS=1 is its old name, from when only
 * forwarded calls were counted), HVM_PROFILE_SVG=FILE writes the chart
 * (profile_svg.c). Made once, when main returns, the program calls
 * exit_group on the HRT, or it crashes there. A set-user-ID or
 * set-group-ID program ignores HVM_PROFILE_SVG (mv_env_path).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

#include "mv_profile.h"
#include "mv_runtime.h"

static int mv_switch_on(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0");
}

/*
 * The file an HVM_* variable names, or NULL. In a set-user-ID or
 * set-group-ID program (AT_SECURE) the environment is its caller's, who
 * must not choose files the program writes with its owner's rights: the
 * variable is ignored, as glibc ignores such variables in secure mode.
 */
static const char *mv_env_path(const char *name)
{
	const char *path = getenv(name);

	if (!path || !*path)
		return NULL;
	if (getauxval(AT_SECURE)) {
		fprintf(stderr,
			"multiverse-rt: %s ignored: this program runs set-user-ID or set-group-ID\n",
			name);
		return NULL;
	}
	return path;
}

static const char *mv_profile_problem(int err)
{
	if (err == -ENOTTY)
		return "hvm.ko does not serve HVM_IOC_GET_PROFILE: load the hvm.ko built with this runtime";
	if (err == -EPROTO)
		return mv_dev_error();
	return strerror(-err);
}

static void mv_profile_svg_file(const char *path, const struct mv_profile *p)
{
	char title[96];
	FILE *f = fopen(path, "w");
	int err;

	if (!f) {
		fprintf(stderr, "multiverse-rt: HVM_PROFILE_SVG: cannot write '%s': %s\n", path,
			strerror(errno));
		return;
	}
	snprintf(title, sizeof(title), "System calls of pid %u on the HRT", p->tgid);
	err = mv_profile_write_svg(f, p, title);
	if (fclose(f) || err)
		fprintf(stderr, "multiverse-rt: HVM_PROFILE_SVG: writing '%s' failed: %s\n", path,
			strerror(err ? -err : errno));
}

void mv_profile_report(void)
{
	static struct mv_profile p;
	static int done;
	const char *svg;
	int table, err;

	if (__atomic_exchange_n(&done, 1, __ATOMIC_RELAXED))
		return;
	svg = mv_env_path("HVM_PROFILE_SVG");
	table = mv_switch_on("HVM_PROFILE") || mv_switch_on("HVM_STATS");
	if (!table && !svg)
		return;
	err = mv_profile_read(mv_hrt_fd(), 0, 0, 0, &p);
	if (err == -ENOENT)
		return; /* a process forked on the HRT runs natively, unmerged: no profile */
	if (err) {
		fprintf(stderr,
			"multiverse-rt: HVM_PROFILE: cannot read this process's system-call profile from %s: %s\n",
			HVM_DEVICE_PATH, mv_profile_problem(err));
		return;
	}
	if (table) {
		fprintf(stderr, "multiverse-rt: ");
		mv_profile_print_summary(stderr, &p);
		mv_profile_print_table(stderr, &p);
		if (p.stage_calls) {
			fprintf(stderr, "multiverse-rt: ");
			mv_profile_print_stages(stderr, &p);
		}
		mv_futex_stats_report();
	}
	if (svg)
		mv_profile_svg_file(svg, &p);
}
