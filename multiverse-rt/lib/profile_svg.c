// SPDX-License-Identifier: MIT
/*
 * The system-call profile as a chart (HVM_PROFILE_SVG=FILE): one row per
 * system call the process made, longest total time first, with two
 * horizontal stacked bars: its number of calls and its time, each split
 * into served by hvm-kernel (native) and forwarded to Linux. Plain SVG 1.1
 * written with stdio, so any browser shows it; every bar carries a
 * <title> tooltip with the exact numbers.
 */
#include <errno.h>
#include <stdio.h>

#include "mv_profile.h"

#define SVG_LABEL_W 170.0 /* names, right-aligned at this x */
#define SVG_BAR_W 250.0 /* the longest bar of a panel */
#define SVG_TEXT_W 120.0 /* the numbers after a bar */
#define SVG_PANEL_W (SVG_BAR_W + SVG_TEXT_W)
#define SVG_CALLS_X (SVG_LABEL_W + 10.0)
#define SVG_TIME_X (SVG_CALLS_X + SVG_PANEL_W)
#define SVG_WIDTH (SVG_TIME_X + SVG_PANEL_W)
#define SVG_TOP 84.0 /* title, legend and panel headings above the rows */
#define SVG_ROW_H 20.0
#define SVG_BAR_H 13.0
#define SVG_BOTTOM 30.0

#define SVG_NATIVE_COLOR "#1b9e77"
#define SVG_FORWARDED_COLOR "#d95f02"

/* @s as XML character data or attribute text. */
static void svg_text(FILE *out, const char *s)
{
	static const char *const entity[256] = {
		['&'] = "&amp;",  ['<'] = "&lt;",    ['>'] = "&gt;",
		['"'] = "&quot;", ['\''] = "&apos;",
	};

	for (; *s; s++) {
		if (entity[(unsigned char)*s])
			fputs(entity[(unsigned char)*s], out);
		else
			fputc(*s, out);
	}
}

static void svg_head(FILE *out, const char *title, double height)
{
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"monospace\" font-size=\"12\">\n",
		SVG_WIDTH, height, SVG_WIDTH, height);
	fprintf(out, "<title>");
	svg_text(out, title);
	fprintf(out, "</title>\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
	fprintf(out, "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">");
	svg_text(out, title);
	fprintf(out, "</text>\n");
	fprintf(out, "<rect x=\"10\" y=\"36\" width=\"12\" height=\"12\" fill=\"" SVG_NATIVE_COLOR
		     "\"/><text x=\"28\" y=\"46\">served by hvm-kernel (native)</text>\n");
	fprintf(out,
		"<rect x=\"260\" y=\"36\" width=\"12\" height=\"12\" fill=\"" SVG_FORWARDED_COLOR
		"\"/><text x=\"278\" y=\"46\">forwarded to Linux</text>\n");
}

/* One bar segment of @width at x, row top y, with its tooltip; returns the width drawn. */
static double svg_bar(FILE *out, double x, double y, double width, const char *color,
		      const char *name, const char *what)
{
	if (width <= 0)
		return 0;
	width = width < 1 ? 1 : width; /* a part too small to see still shows */
	fprintf(out,
		"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" fill=\"%s\"><title>", x,
		y + (SVG_ROW_H - SVG_BAR_H) / 2, width, SVG_BAR_H, color);
	svg_text(out, name);
	fprintf(out, ": %s</title></rect>\n", what);
	return width;
}

/* A panel's stacked bar for one row: native then forwarded, then the numbers. */
static void svg_pair(FILE *out, double x0, double y, double scale, double native, double forwarded,
		     const char *name, const char *tips[2], const char *label)
{
	double x = x0 + svg_bar(out, x0, y, native * scale, SVG_NATIVE_COLOR, name, tips[0]);

	x += svg_bar(out, x, y, forwarded * scale, SVG_FORWARDED_COLOR, name, tips[1]);
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", x + 4, y + 14, label);
}

/* Time @t of mv_profile_unit() as text: milliseconds when the unit is us. */
static void svg_time(char *buf, size_t len, const struct mv_profile *p, double t)
{
	if (p->tsc_khz)
		snprintf(buf, len, "%.3f ms", t / 1000.0);
	else
		snprintf(buf, len, "%.0f ticks", t);
}

/* "N calls served by hvm-kernel, T (mean M)" for a tooltip. */
static void svg_tip(char *buf, size_t len, const struct mv_profile *p, __u64 calls, double t,
		    const char *how)
{
	char total[32];

	svg_time(total, sizeof(total), p, t);
	snprintf(buf, len, "%llu calls %s, %s (mean %.3f %s)", (unsigned long long)calls, how,
		 total, calls ? t / (double)calls : 0.0, mv_profile_unit(p));
}

static void svg_row(FILE *out, const struct mv_profile *p, const struct mv_profile_row *r, double y,
		    double call_scale, double time_scale)
{
	char number[16], tip_native[128], tip_forwarded[128], label[64];
	const char *tips[2] = {tip_native, tip_forwarded};
	const char *name = r->name;

	if (!name) {
		snprintf(number, sizeof(number), "#%u", r->nr);
		name = number;
	}
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", SVG_LABEL_W, y + 14);
	svg_text(out, name);
	fprintf(out, "</text>\n");
	svg_tip(tip_native, sizeof(tip_native), p, r->native_calls, r->native_time,
		"served by hvm-kernel");
	svg_tip(tip_forwarded, sizeof(tip_forwarded), p, r->forwarded_calls, r->forwarded_time,
		"forwarded to Linux");
	snprintf(label, sizeof(label), "%llu + %llu", (unsigned long long)r->native_calls,
		 (unsigned long long)r->forwarded_calls);
	svg_pair(out, SVG_CALLS_X, y, call_scale, (double)r->native_calls,
		 (double)r->forwarded_calls, name, tips, label);
	svg_time(label, sizeof(label), p, r->native_time + r->forwarded_time);
	svg_pair(out, SVG_TIME_X, y, time_scale, r->native_time, r->forwarded_time, name, tips,
		 label);
}

/* Panel headings and their axes (a line from the first row to the last). */
static void svg_axes(FILE *out, const struct mv_profile *p, unsigned int n)
{
	double bottom = SVG_TOP + n * SVG_ROW_H;

	fprintf(out,
		"<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">calls (native + forwarded)</text>\n",
		SVG_CALLS_X, SVG_TOP - 10);
	fprintf(out,
		"<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">time in system calls (%s)</text>\n",
		SVG_TIME_X, SVG_TOP - 10, p->tsc_khz ? "ms" : "TSC ticks");
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n",
		SVG_CALLS_X, SVG_TOP - 2, SVG_CALLS_X, bottom + 2);
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n",
		SVG_TIME_X, SVG_TOP - 2, SVG_TIME_X, bottom + 2);
	if (!n)
		fprintf(out,
			"<text x=\"%.1f\" y=\"%.1f\">no system calls were made on the HRT</text>\n",
			SVG_CALLS_X + 6, SVG_TOP + 14);
}

int mv_profile_write_svg(FILE *out, const struct mv_profile *p, const char *title)
{
	static struct mv_profile_row rows[HVM_NR_SYSCALLS];
	unsigned int n = mv_profile_rows(p, rows);
	double max_calls = 0, max_time = 0;

	for (unsigned int i = 0; i < n; i++) {
		double calls = (double)(rows[i].native_calls + rows[i].forwarded_calls);
		double time = rows[i].native_time + rows[i].forwarded_time;

		max_calls = calls > max_calls ? calls : max_calls;
		max_time = time > max_time ? time : max_time;
	}
	svg_head(out, title, SVG_TOP + (n ? n : 1) * SVG_ROW_H + SVG_BOTTOM);
	svg_axes(out, p, n);
	for (unsigned int i = 0; i < n; i++)
		svg_row(out, p, &rows[i], SVG_TOP + i * SVG_ROW_H,
			max_calls > 0 ? SVG_BAR_W / max_calls : 0,
			max_time > 0 ? SVG_BAR_W / max_time : 0);
	fprintf(out, "</svg>\n");
	fflush(out);
	return ferror(out) ? -EIO : 0;
}
