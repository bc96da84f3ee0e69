/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What generic code asks of the architecture (arch/x86_64/setup.c), in the
 * order kernel_main() uses it on each CPU.
 */
#ifndef HVM_ARCH_H
#define HVM_ARCH_H

#include "kernel.h"

/* Descriptor tables, per-CPU data and exception handling; first thing on every CPU. */
void arch_cpu_early_init(unsigned int cpu);

/* CPU 0 only: build the kernel's page tables for the partition; 0 or -errno. */
int arch_mm_init(__u64 partition_base, __u64 partition_size);

/* Bytes of the partition mapped at KERNEL_VBASE (after arch_mm_init()). */
__u64 arch_mapped_size(void);

/* Switch to the kernel's page tables and enable the local APIC. */
void arch_cpu_init(void);

/* "xAPIC" or "x2APIC": how this CPU talks to its local APIC. */
const char *arch_apic_mode(void);

/* HVM_MBOX_TEST_CRASH: raise the HVM_TEST_CRASH_* exception; -EINVAL for an unknown one. */
int arch_test_crash(__u64 kind);

/* The CPU's time-stamp counter. */
__u64 arch_timestamp(void);
void arch_idle(void);
__noreturn void arch_cpu_stop(void);

#endif /* HVM_ARCH_H */
