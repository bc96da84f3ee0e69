// SPDX-License-Identifier: MIT
/*
 * Unit tests of the system-call profile as multiverse-rt reports it
 * (multiverse-rt/lib/profile.c, profile_svg.c): ticks become microseconds
 * with the TSC frequency, calls are ordered by total time, the table shows
 * both columns, and the chart is one SVG document with a bar per non-zero
 * native or forwarded part, names escaped.
 */
#include <criterion/criterion.h>
#include <linux/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mv_profile.h"

#define SVG_START                                                                                  \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""

static struct mv_profile p;
static struct mv_profile_row rows[HVM_NR_SYSCALLS];

/* getpid: native only; write: forwarded only, the longest; read: both; #500: no name. */
static void fill(__u64 tsc_khz)
{
	memset(&p, 0, sizeof(p));
	p.tgid = 42;
	p.tsc_khz = tsc_khz;
	p.calls[39] = (struct hvm_profile_entry){1000, 500000, 0, 0};
	p.calls[1] = (struct hvm_profile_entry){0, 0, 10, 30000000};
	p.calls[0] = (struct hvm_profile_entry){5, 5000, 5, 5000000};
	p.calls[500] = (struct hvm_profile_entry){0, 0, 1, 1000};
}

static __attribute__((noinline)) char *text_of(void (*print)(FILE *, const struct mv_profile *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	print(f, &p);
	fclose(f);
	return buf;
}

static void write_svg(FILE *f, const struct mv_profile *q)
{
	cr_assert_eq(mv_profile_write_svg(f, q, "calls of <pid 42> & co"), 0);
}

static unsigned int count(const char *s, const char *what)
{
	unsigned int n = 0;

	for (; (s = strstr(s, what)); s += strlen(what))
		n++;
	return n;
}

Test(profile, ioctl_number_matches_linux_encoding)
{
	cr_assert_eq(HVM_IOC_GET_PROFILE,
		     (unsigned int)_IOWR(0xb7, 0x0e, struct hvm_profile_request));
}

Test(profile, rows_by_total_time_in_microseconds)
{
	fill(1000000); /* 1 GHz: a tick is a nanosecond */
	cr_assert_eq(mv_profile_rows(&p, rows), 4);
	cr_assert_eq(rows[0].nr, 1);
	cr_assert_str_eq(rows[0].name, "write");
	cr_assert_float_eq(rows[0].forwarded_time, 30000.0, 1e-6);
	cr_assert_eq(rows[1].nr, 0);
	cr_assert_float_eq(rows[1].native_time, 5.0, 1e-6);
	cr_assert_eq(rows[2].nr, 39);
	cr_assert_eq(rows[2].native_calls, 1000);
	cr_assert_eq(rows[3].nr, 500);
	cr_assert_null(rows[3].name);
	cr_assert_str_eq(mv_profile_unit(&p), "us");
}

Test(profile, table_and_summary)
{
	char *table, *summary;

	fill(1000000);
	table = text_of(mv_profile_print_table);
	summary = text_of(mv_profile_print_summary);
	cr_assert(
		strstr(table,
		       "  write                            0          -          10   3000.000       30.000\n"),
		"%s", table);
	cr_assert(
		strstr(table,
		       "  getpid                        1000      0.500           0          -        0.500\n"),
		"%s", table);
	cr_assert(strstr(table, "  #500 "), "%s", table);
	cr_assert_str_eq(
		summary,
		"16 system calls forwarded to Linux, 1005 served by hvm-kernel, 35.506 ms in all\n");
	free(table);
	free(summary);
}

Test(profile, ticks_when_the_frequency_is_unknown)
{
	char *summary;

	fill(0);
	summary = text_of(mv_profile_print_summary);
	cr_assert(strstr(summary, "35506000 TSC ticks in all"), "%s", summary);
	cr_assert_str_eq(mv_profile_unit(&p), "ticks");
	free(summary);
}

Test(profile, svg_document)
{
	char *svg;

	fill(1000000);
	svg = text_of(write_svg);
	cr_assert(!strncmp(svg, SVG_START, strlen(SVG_START)), "%s", svg);
	cr_assert(strlen(svg) > 7 && !strcmp(svg + strlen(svg) - 7, "</svg>\n"), "closed last");
	cr_assert_eq(count(svg, "<svg "), 1, "one root");
	cr_assert(strstr(svg, "calls of &lt;pid 42&gt; &amp; co"), "title escaped");
	/* 2 legend boxes, the background, then per row and panel one bar per non-zero part. */
	cr_assert_eq(count(svg, "<rect"), 3 + 2 * (1 + 2 + 1 + 1), "%s", svg);
	cr_assert_eq(count(svg, "<title>"), 1 + 2 * 5);
	cr_assert(
		strstr(svg,
		       "<title>getpid: 1000 calls served by hvm-kernel, 0.500 ms (mean 0.500 us)</title>"),
		"%s", svg);
	cr_assert(strstr(svg, ">#500</text>"));
	if (getenv("HVM_PROFILE_SVG_SAMPLE")) {
		FILE *f = fopen(getenv("HVM_PROFILE_SVG_SAMPLE"), "w");

		fputs(svg, f);
		fclose(f);
	}
	free(svg);
}

Test(profile, svg_without_calls)
{
	char *svg;

	memset(&p, 0, sizeof(p));
	p.tsc_khz = 1;
	svg = text_of(write_svg);
	cr_assert(strstr(svg, "no system calls were made on the HRT"));
	cr_assert_eq(count(svg, "<rect"), 3);
	free(svg);
}
