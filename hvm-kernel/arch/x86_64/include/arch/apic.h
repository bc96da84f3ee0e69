/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The local APIC, in xAPIC (MMIO) or x2APIC (MSR) mode (arch/x86_64/apic.c). */
#ifndef HVM_ARCH_APIC_H
#define HVM_ARCH_APIC_H

#include "kernel.h"

/* The timer's interrupt: hvm-kernel's own, it only ends an idle halt (apic_timer.c). */
#define APIC_VECTOR_TIMER 0xefu

/* Registers by their xAPIC MMIO offset (x2APIC MSR = 0x800 + offset / 16). */
#define APIC_LVT_TIMER 0x320
#define APIC_TIMER_INITIAL 0x380
#define APIC_TIMER_CURRENT 0x390
#define APIC_TIMER_DIVIDE 0x3e0
#define APIC_LVT_MASKED (1u << 16)

__u64 apic_phys_base(void);
__u32 apic_read(unsigned int reg);
void apic_write(unsigned int reg, __u32 v);
void apic_timer_init(void);
void apic_init(void);
void apic_eoi(void);
void apic_eoi_if_in_service(unsigned int vector);
void apic_send_ipi(__u32 dest, __u32 vector);

#endif /* HVM_ARCH_APIC_H */
