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
	heapmap_init(&map, 1000, HEAP_FREE);
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
	heapmap_init(&map, 64, HEAP_FREE);
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
	heapmap_init(&map, 3 * HEAPMAP_MAX_EXTENTS, HEAP_FREE);
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
	heapmap_init(&map, 4096, HEAP_FREE);
	cr_assert_eq(heapmap_find(&map, 10, 1, 0, HEAPMAP_NONE, HEAP_STATES_FREE), 4086);
	cr_assert_eq(heapmap_find(&map, 512, 512, 0, HEAPMAP_NONE, HEAP_STATES_FREE), 3584);
	cr_assert_eq(heapmap_find(&map, 512, 512, 7, HEAPMAP_NONE, HEAP_STATES_FREE), 3584 - 7,
		     "phase shifts the alignment");
	cr_assert_eq(heapmap_find(&map, 10, 1, 0, 100, HEAP_STATES_FREE), 100,
		     "a free hint is taken");
	cr_assert(heapmap_set(&map, 3000, 4096, HEAP_USED));
	cr_assert_eq(heapmap_find(&map, 10, 1, 0, 3500, HEAP_STATES_FREE), 2990,
		     "a used hint is not");
	cr_assert_eq(heapmap_find(&map, 3001, 1, 0, HEAPMAP_NONE, HEAP_STATES_FREE), HEAPMAP_NONE);
	cr_assert_eq(heapmap_find(&map, 0, 1, 0, HEAPMAP_NONE, HEAP_STATES_FREE), HEAPMAP_NONE);
	cr_assert_eq(heapmap_find(&map, 10, 1, 0, 4090, HEAP_STATES_FREE), 2990,
		     "a hint past the end is not");
}

Test(heapmap, find_runs_of_free_and_reserved_pages_together)
{
	heapmap_init(&map, 4096, HEAP_RESERVED);
	cr_assert_eq(heapmap_find(&map, 10, 1, 0, HEAPMAP_NONE, HEAP_STATES_FREE), 4086,
		     "reserved pages are free");
	cr_assert(heapmap_set(&map, 4000, 4010, HEAP_FREE));
	cr_assert(heapmap_set(&map, 4020, 4030, HEAP_FREE));
	cr_assert_eq(heapmap_find(&map, 100, 1, 0, HEAPMAP_NONE, HEAP_STATES_FREE), 3996,
		     "one run across free and reserved extents, from the top");
	cr_assert_eq(heapmap_find(&map, 10, 1, 0, 4005, HEAP_STATES_FREE), 4005,
		     "a mixed hint is taken");
	cr_assert(heapmap_set(&map, 4090, 4096, HEAP_USED));
	cr_assert(heapmap_set(&map, 3000, 3001, HEAP_CHANGED));
	cr_assert_eq(heapmap_find(&map, 1089, 1, 0, HEAPMAP_NONE, HEAP_STATES_FREE), 3001,
		     "the run ends at a used page at its top and a changed one below");
	cr_assert_eq(heapmap_find(&map, 1090, 1, 0, HEAPMAP_NONE, HEAP_STATES_FREE), 3000 - 1090,
		     "a longer one only fits below the changed page");
	cr_assert_eq(heapmap_find(&map, 3001, 1, 0, HEAPMAP_NONE, HEAP_STATES_FREE), HEAPMAP_NONE);
	cr_assert_eq(heapmap_find(&map, 512, 512, 0, HEAPMAP_NONE, HEAP_STATES_FREE), 3072,
		     "aligned inside a mixed run");
	cr_assert_eq(heapmap_find(&map, 10, 1, 0, 4085, HEAP_STATES_FREE), 4080,
		     "a hint over a used page is not taken");
}

Test(heapmap, next_finds_extents_of_a_state_in_page_order)
{
	__u32 first, end;

	heapmap_init(&map, 1000, HEAP_RESERVED);
	cr_assert_not(heapmap_next(&map, 0, HEAP_STATE(HEAP_FREE), &first, &end));
	cr_assert(heapmap_set(&map, 100, 200, HEAP_FREE));
	cr_assert(heapmap_set(&map, 300, 1000, HEAP_FREE));
	cr_assert(heapmap_next(&map, 0, HEAP_STATE(HEAP_FREE), &first, &end));
	cr_assert(first == 100 && end == 200);
	cr_assert(heapmap_next(&map, 150, HEAP_STATE(HEAP_FREE), &first, &end));
	cr_assert(first == 150 && end == 200, "from inside an extent: from there on");
	cr_assert(heapmap_next(&map, 200, HEAP_STATE(HEAP_FREE), &first, &end));
	cr_assert(first == 300 && end == 1000, "the last extent runs to the heap's end");
	cr_assert_not(heapmap_next(&map, 1000, HEAP_STATE(HEAP_FREE), &first, &end),
		      "past the end: none");
	cr_assert(heapmap_next(&map, 0, HEAP_STATE(HEAP_RESERVED), &first, &end));
	cr_assert(first == 0 && end == 100);
	cr_assert(heapmap_set(&map, 0, 100, HEAP_USED));
	cr_assert(heapmap_next(&map, 0, HEAP_STATES_FREE, &first, &end));
	cr_assert(first == 100 && end == 200, "any of several states");
}

Test(heapmap, find_only_runs_of_the_states_asked)
{
	heapmap_init(&map, 4096, HEAP_RESERVED);
	cr_assert(heapmap_set(&map, 1000, 1100, HEAP_FREE));
	cr_assert(heapmap_set(&map, 2000, 2050, HEAP_FREE));
	cr_assert_eq(heapmap_find(&map, 60, 1, 0, HEAPMAP_NONE, HEAP_STATE(HEAP_FREE)), 1040,
		     "the highest free run long enough, below a shorter one");
	cr_assert_eq(heapmap_find(&map, 101, 1, 0, HEAPMAP_NONE, HEAP_STATE(HEAP_FREE)),
		     HEAPMAP_NONE);
	cr_assert_eq(heapmap_find(&map, 10, 1, 0, 995, HEAP_STATE(HEAP_FREE)), 2040,
		     "a hint over reserved pages is not taken");
}

Test(heapmap, gone_pages_are_never_found_nor_marked)
{
	__u32 first, end;

	heapmap_init(&map, 1000, HEAP_RESERVED);
	cr_assert(heapmap_set(&map, 400, 600, HEAP_GONE));
	cr_assert_eq(heapmap_find(&map, 401, 1, 0, HEAPMAP_NONE, HEAP_STATES_FREE), HEAPMAP_NONE,
		     "no run across the gone pages");
	cr_assert_eq(heapmap_find(&map, 400, 1, 0, HEAPMAP_NONE, HEAP_STATES_FREE), 600);
	cr_assert_eq(heapmap_find(&map, 10, 1, 0, 395, HEAP_STATES_FREE), 990,
		     "a hint across them is not taken");
	cr_assert_not(heapmap_next(&map, 400, HEAP_STATES_FREE, &first, &end) && first < 600);
	cr_assert_not(heapmap_set_widened(&map, 300, 700, HEAP_CHANGED));
	cr_assert_eq(heapmap_states(&map, 300, 400), HEAP_STATE(HEAP_CHANGED));
	cr_assert_eq(heapmap_states(&map, 400, 600), HEAP_STATE(HEAP_GONE), "gone pages stay gone");
	cr_assert_eq(heapmap_states(&map, 600, 700), HEAP_STATE(HEAP_CHANGED));
	assert_minimal(&map);
}
