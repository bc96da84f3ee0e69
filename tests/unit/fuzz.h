/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host fuzz tests' generator: a fixed seed, so every run tries the same
 * inputs and a failure names one that reproduces; FUZZ_ROUNDS inputs per
 * helper keep the whole unit suite within seconds.
 */
#ifndef HVM_TEST_FUZZ_H
#define HVM_TEST_FUZZ_H

#include <hvm/types.h>

#define FUZZ_SEED 0x9e3779b97f4a7c15ULL
#define FUZZ_ROUNDS 100000

/* xorshift64*: the next value of @state (never 0). */
static inline __u64 fuzz_next(__u64 *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545f4914f6cdd1dULL;
}

#endif /* HVM_TEST_FUZZ_H */
