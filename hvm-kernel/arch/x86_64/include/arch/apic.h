/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The local APIC, in xAPIC (MMIO) or x2APIC (MSR) mode (arch/x86_64/apic.c). */
#ifndef HVM_ARCH_APIC_H
#define HVM_ARCH_APIC_H

#include "kernel.h"

__u64 apic_phys_base(void);
void apic_init(void);
void apic_eoi(void);
void apic_eoi_if_in_service(unsigned int vector);
void apic_send_ipi(__u32 dest, __u32 vector);

#endif /* HVM_ARCH_APIC_H */
