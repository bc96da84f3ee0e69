// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The page map of an HRT heap (include/heapmap.h): extents in page order,
 * found by binary search; a change replaces the extents it touches and
 * their two neighbours by at most five, merged by state, so the map stays
 * minimal. Lookups are O(log n), changes O(n) moves of 8-byte entries.
 */
#include "heapmap.h"

/* The index of the extent holding page @p (< nr_pages). */
static unsigned int extent_at(const struct heapmap *m, __u32 p)
{
	unsigned int lo = 0, hi = m->nr - 1;

	while (lo < hi) {
		unsigned int mid = (lo + hi + 1) / 2;

		if (m->ext[mid].first <= p)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static __u32 extent_end(const struct heapmap *m, unsigned int i)
{
	return i + 1 < m->nr ? m->ext[i + 1].first : m->nr_pages;
}

void heapmap_init(struct heapmap *m, __u32 nr_pages, __u32 state)
{
	m->nr_pages = nr_pages;
	m->nr = 1;
	m->ext[0].first = 0;
	m->ext[0].state = state;
}

unsigned int heapmap_states(const struct heapmap *m, __u32 first, __u32 end)
{
	unsigned int mask = 0;

	for (unsigned int i = extent_at(m, first); i < m->nr && m->ext[i].first < end; i++)
		mask |= HEAP_STATE(m->ext[i].state);
	return mask;
}

/* Append an extent to a replacement unless it continues the last one's state. */
static void repl_push(struct heap_extent *r, unsigned int *n, __u32 first, __u32 state)
{
	if (*n && r[*n - 1].state == state)
		return;
	r[*n].first = first;
	r[*n].state = state;
	(*n)++;
}

_Bool heapmap_set(struct heapmap *m, __u32 first, __u32 end, __u32 state)
{
	unsigned int i = extent_at(m, first), j = extent_at(m, end - 1);
	unsigned int lo = i ? i - 1 : i, hi = j + 1 < m->nr ? j + 2 : j + 1, n = 0;
	struct heap_extent repl[5];

	if (lo < i)
		repl_push(repl, &n, m->ext[lo].first, m->ext[lo].state);
	if (m->ext[i].first < first)
		repl_push(repl, &n, m->ext[i].first, m->ext[i].state);
	repl_push(repl, &n, first, state);
	if (extent_end(m, j) > end)
		repl_push(repl, &n, end, m->ext[j].state);
	if (hi > j + 1)
		repl_push(repl, &n, m->ext[j + 1].first, m->ext[j + 1].state);
	if (m->nr - (hi - lo) + n > HEAPMAP_MAX_EXTENTS)
		return 0;
	__builtin_memmove(&m->ext[lo + n], &m->ext[hi], (m->nr - hi) * sizeof(m->ext[0]));
	__builtin_memcpy(&m->ext[lo], repl, n * sizeof(repl[0]));
	m->nr = m->nr - (hi - lo) + n;
	return 1;
}

/* Whole extents never need more entries than they replace (see heapmap_set()). */
static _Bool set_widened(struct heapmap *m, __u32 first, __u32 end, __u32 state)
{
	if (heapmap_set(m, first, end, state))
		return 0;
	heapmap_set(m, m->ext[extent_at(m, first)].first, extent_end(m, extent_at(m, end - 1)),
		    state);
	return 1;
}

/* The end of the run of pages from @first (< end) on that are all HEAP_GONE or all not, at most @end. */
static __u32 run_end(const struct heapmap *m, __u32 first, __u32 end)
{
	_Bool gone = m->ext[extent_at(m, first)].state == HEAP_GONE;
	__u32 p = first;

	while (p < end && (m->ext[extent_at(m, p)].state == HEAP_GONE) == gone)
		p = extent_end(m, extent_at(m, p));
	return p < end ? p : end;
}

/* Run by run, so that widening (whole extents) never reaches a gone page. */
_Bool heapmap_set_widened(struct heapmap *m, __u32 first, __u32 end, __u32 state)
{
	_Bool widened = 0;

	while (first < end) {
		__u32 stop = run_end(m, first, end);

		if (m->ext[extent_at(m, first)].state != HEAP_GONE)
			widened |= set_widened(m, first, stop, state);
		first = stop;
	}
	return widened;
}

/*
 * From the top down, a run of extents in @states (free and reserved ones
 * alternate: neighbours never share a state) ends where the first of them
 * ends; its highest aligned place depends only on that end.
 */
__u32 heapmap_find(const struct heapmap *m, __u32 n, __u32 align, __u32 phase, __u32 hint,
		   unsigned int states)
{
	__u64 end = 0;

	if (!n || n > m->nr_pages)
		return HEAPMAP_NONE;
	if (hint != HEAPMAP_NONE && hint <= m->nr_pages - n &&
	    !(heapmap_states(m, hint, hint + n) & ~states))
		return hint;
	for (unsigned int i = m->nr; i-- > 0;) {
		__u64 start = m->ext[i].first, c;

		if (!(HEAP_STATE(m->ext[i].state) & states)) {
			end = 0;
			continue;
		}
		if (!end)
			end = extent_end(m, i);
		if (end - start < n)
			continue;
		c = end - n + phase;
		c -= c % align;
		if (c >= start + phase)
			return (__u32)(c - phase);
	}
	return HEAPMAP_NONE;
}

_Bool heapmap_next(const struct heapmap *m, __u32 from, unsigned int states, __u32 *first,
		   __u32 *end)
{
	for (unsigned int i = from < m->nr_pages ? extent_at(m, from) : m->nr; i < m->nr; i++) {
		if (!(HEAP_STATE(m->ext[i].state) & states))
			continue;
		*first = m->ext[i].first > from ? m->ext[i].first : from;
		*end = extent_end(m, i);
		return 1;
	}
	return 0;
}
