// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the HRT heap's page map (hvm-kernel/kernel/heapmap.c):
 * state changes split and merge extents so the map stays minimal, a full
 * map refuses splits but can always widen, and the search honours hints
 * and alignment and takes the highest free run.
 */
#include <criterion/criterion.h>

#include "heapmap.h"

static struct heapmap map;

/* The map is sorted, starts at 0, and no two neighbours share a state. */
static void assert_minimal(const struct heapmap *m)
{
	cr_assert_eq(m->ext[0].first, 0);
	for (unsigned int i = 1; i < m->nr; i++) {
		cr_assert_lt(m->ext[i - 1].first, m->ext[i].first);
		cr_assert_neq(m->ext[i - 1].state, m->ext[i].state);
	}
	cr_assert_lt(m->ext[m->nr - 1].first, m->nr_pages);
}

Test(heapmap, set_splits_and_merges_back)
{
	heapmap_init(&map, 1000);
	cr_assert(heapmap_set(&map, 100, 200, HEAP_USED));
	cr_assert_eq(map.nr, 3);
	cr_assert(heapmap_set(&map, 200, 300, HEAP_USED));
	cr_assert_eq(map.nr, 3, "adjacent used ranges merge");
	cr_assert(heapmap_set(&map, 150, 160, HEAP_CHANGED));
	cr_assert_eq(map.nr, 5);
	assert_minimal(&map);
	cr_assert_eq(heapmap_states(&map, 140, 170),
		     HEAP_STATE(HEAP_USED) | HEAP_STATE(HEAP_CHANGED));
	cr_assert_eq(heapmap_states(&map, 0, 100), HEAP_STATE(HEAP_FREE));
	cr_assert(heapmap_set(&map, 100, 300, HEAP_FREE));
	cr_assert_eq(map.nr, 1, "freeing everything leaves one free extent");
	assert_minimal(&map);
}

Test(heapmap, edges_of_the_heap)
{
	heapmap_init(&map, 64);
	cr_assert(heapmap_set(&map, 0, 10, HEAP_USED));
	cr_assert(heapmap_set(&map, 54, 64, HEAP_USED));
	cr_assert_eq(map.nr, 3);
	cr_assert(heapmap_set(&map, 0, 64, HEAP_CHANGED));
	cr_assert_eq(map.nr, 1);
	cr_assert_eq(heapmap_states(&map, 63, 64), HEAP_STATE(HEAP_CHANGED));
	assert_minimal(&map);
}

Test(heapmap, full_map_refuses_splits_but_widens)
{
	heapmap_init(&map, 3 * HEAPMAP_MAX_EXTENTS);
	for (__u32 p = 1; map.nr + 2 <= HEAPMAP_MAX_EXTENTS; p += 3)
		cr_assert(heapmap_set(&map, p, p + 1, HEAP_USED));
	assert_minimal(&map);
	__u32 nr = map.nr, last = map.ext[map.nr - 1].first;

	cr_assert_not(heapmap_set(&map, last + 2, last + 3, HEAP_USED),
		      "no room for two more extents");
	cr_assert_eq(map.nr, nr, "a refused change leaves the map alone");
	cr_assert_not(heapmap_set_widened(&map, 2, 3, HEAP_CHANGED), "one more extent still fits");
	cr_assert_eq(map.nr, nr + 1);
	cr_assert(heapmap_set_widened(&map, last + 2, last + 3, HEAP_CHANGED), "widened");
	cr_assert_leq(map.nr, nr + 1);
	cr_assert_eq(heapmap_states(&map, last + 1, map.nr_pages), HEAP_STATE(HEAP_CHANGED),
		     "the whole free extent is marked");
	assert_minimal(&map);
}

Test(heapmap, find_takes_the_highest_aligned_run_or_the_hint)
{
	heapmap_init(&map, 4096);
	cr_assert_eq(heapmap_find(&map, 10, 1, 0, HEAPMAP_NONE), 4086);
	cr_assert_eq(heapmap_find(&map, 512, 512, 0, HEAPMAP_NONE), 3584);
	cr_assert_eq(heapmap_find(&map, 512, 512, 7, HEAPMAP_NONE), 3584 - 7,
		     "phase shifts the alignment");
	cr_assert_eq(heapmap_find(&map, 10, 1, 0, 100), 100, "a free hint is taken");
	cr_assert(heapmap_set(&map, 3000, 4096, HEAP_USED));
	cr_assert_eq(heapmap_find(&map, 10, 1, 0, 3500), 2990, "a used hint is not");
	cr_assert_eq(heapmap_find(&map, 3001, 1, 0, HEAPMAP_NONE), HEAPMAP_NONE);
	cr_assert_eq(heapmap_find(&map, 0, 1, 0, HEAPMAP_NONE), HEAPMAP_NONE);
	cr_assert_eq(heapmap_find(&map, 10, 1, 0, 4090), 2990, "a hint past the end is not");
}
