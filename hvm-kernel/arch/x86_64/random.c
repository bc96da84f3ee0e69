// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Random numbers from the CPU (include/arch.h): RDRAND when CPUID says the
 * CPU has it, else RDSEED. Either may fail for a moment when its entropy
 * source is drained (carry clear); the usual advice is to retry a few
 * times. QEMU's TCG CPUs (vmconfigs: <cpu mode='maximum'/>) have RDRAND,
 * served from the host's random source.
 */
#include "arch.h"
#include "kernel.h"
#include "arch/cpu.h"

#define CPUID1_ECX_RDRAND (1u << 30)
#define CPUID7_EBX_RDSEED (1u << 18)
#define RANDOM_RETRIES 10

enum { RANDOM_UNKNOWN, RANDOM_NONE, RANDOM_RDRAND, RANDOM_RDSEED };

/* What this CPU model offers; every HRT CPU is the same model, so one answer for all. */
static int random_source = RANDOM_UNKNOWN;

static int random_detect(void)
{
	__u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	if (c & CPUID1_ECX_RDRAND)
		return RANDOM_RDRAND;
	cpuid(0, &a, &b, &c, &d);
	if (a >= 7) {
		cpuid(7, &a, &b, &c, &d);
		if (b & CPUID7_EBX_RDSEED)
			return RANDOM_RDSEED;
	}
	return RANDOM_NONE;
}

static bool random_rdrand(__u64 *v)
{
	bool ok;

	__asm__ volatile("rdrand %0" : "=r"(*v), "=@ccc"(ok));
	return ok;
}

static bool random_rdseed(__u64 *v)
{
	bool ok;

	__asm__ volatile("rdseed %0" : "=r"(*v), "=@ccc"(ok));
	return ok;
}

bool arch_random_u64(__u64 *v)
{
	int source = __atomic_load_n(&random_source, __ATOMIC_RELAXED);

	if (source == RANDOM_UNKNOWN) {
		source = random_detect();
		__atomic_store_n(&random_source, source, __ATOMIC_RELAXED);
	}
	for (int i = 0; i < RANDOM_RETRIES; i++) {
		if (source == RANDOM_RDRAND && random_rdrand(v))
			return true;
		if (source == RANDOM_RDSEED && random_rdseed(v))
			return true;
		if (source == RANDOM_NONE)
			return false;
	}
	return false;
}
