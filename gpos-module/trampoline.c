// SPDX-License-Identifier: GPL-2.0
/*
 * The real-mode trampoline page an HRT CPU starts in after its SIPI
 * (ipi.c sends it): copied below 1 MiB and patched with the addresses it
 * needs to reach 64-bit mode and the ELF entry point, and with the IDT that
 * catches an exception before the kernel has its own (trampoline_blob.S).
 * Stopped CPUs are started into its park loop, which counts them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/string.h>

#include "hvm_module.h"

extern const u8 hvm_trampoline_start[], hvm_trampoline_end[];
extern const u8 hvm_tramp_gdt[], hvm_tramp_gdt_desc[], hvm_tramp_pm_jump[];
extern const u8 hvm_tramp_lm_jump[], hvm_tramp_pm_entry[], hvm_tramp_lm_entry[];
extern const u8 hvm_tramp_cr3[], hvm_tramp_entry[], hvm_tramp_boot_info[];
extern const u8 hvm_tramp_cpu_index[], hvm_tramp_idt[], hvm_tramp_idt_desc[];
extern const u8 hvm_tramp_stubs[], hvm_tramp_fault_vector[], hvm_tramp_fault_rip[];
extern const u8 hvm_tramp_park[], hvm_tramp_parked[];

#define TRAMP_NR_EXCEPTIONS 32
#define TRAMP_STUB_SIZE 8
#define TRAMP_SEL_CODE64 0x18
#define GATE_INTERRUPT_PRESENT 0x8e

/* A 64-bit interrupt gate (Intel SDM vol. 3, 6.14.1). */
struct tramp_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

/* Where a trampoline symbol lands in the mapped page. */
static void *tramp_field(const u8 *sym)
{
	return hvm_hrt.tramp + (sym - hvm_trampoline_start);
}

/* Its linear (= physical) address once copied. */
static u32 tramp_linear(const u8 *sym)
{
	return (u32)hvm_partition.trampoline + (u32)(sym - hvm_trampoline_start);
}

/* Point every gate of the trampoline's IDT at its stub. */
static void tramp_fill_idt(void)
{
	struct tramp_gate *gate = tramp_field(hvm_tramp_idt);
	u64 idt = tramp_linear(hvm_tramp_idt);
	unsigned int v;

	for (v = 0; v < TRAMP_NR_EXCEPTIONS; v++) {
		u32 stub = tramp_linear(hvm_tramp_stubs) + v * TRAMP_STUB_SIZE;

		gate[v] = (struct tramp_gate){
			.offset_low = stub & 0xffff,
			.selector = TRAMP_SEL_CODE64,
			.type = GATE_INTERRUPT_PRESENT,
			.offset_mid = stub >> 16,
		};
	}
	memcpy(tramp_field(hvm_tramp_idt_desc) + 2, &idt, 8);
}

void hvm_trampoline_install(u64 boot_cr3, u64 entry, u64 boot_info_va)
{
	u32 v;

	BUILD_BUG_ON(PAGE_SIZE < 4096);
	WARN_ON(hvm_trampoline_end - hvm_trampoline_start > PAGE_SIZE / 2); /* the stack is above */
	memcpy(hvm_hrt.tramp, hvm_trampoline_start, hvm_trampoline_end - hvm_trampoline_start);
	v = tramp_linear(hvm_tramp_gdt);
	memcpy(tramp_field(hvm_tramp_gdt_desc) + 2, &v, 4);
	v = tramp_linear(hvm_tramp_pm_entry);
	memcpy(tramp_field(hvm_tramp_pm_jump), &v, 4);
	v = tramp_linear(hvm_tramp_lm_entry);
	memcpy(tramp_field(hvm_tramp_lm_jump), &v, 4);
	memcpy(tramp_field(hvm_tramp_cr3), &boot_cr3, 8);
	memcpy(tramp_field(hvm_tramp_entry), &entry, 8);
	memcpy(tramp_field(hvm_tramp_boot_info), &boot_info_va, 8);
	tramp_fill_idt();
}

/*
 * From now on a started CPU parks (counts itself and halts) instead of
 * booting, until the next install; the count starts at 0.
 */
void hvm_trampoline_park(void)
{
	WRITE_ONCE(*(u32 *)tramp_field(hvm_tramp_parked), 0);
	WRITE_ONCE(*(u32 *)tramp_field(hvm_tramp_park), 1);
	wmb(); /* before the SIPI that makes a CPU read them */
}

/* How many CPUs parked since hvm_trampoline_park(). */
u32 hvm_trampoline_parked(void)
{
	return READ_ONCE(*(u32 *)tramp_field(hvm_tramp_parked));
}

/*
 * True when a CPU took an exception on the trampoline's IDT since the last
 * install: *vector and *rip say which and where.
 */
bool hvm_trampoline_fault(u32 *vector, u64 *rip)
{
	u32 v = READ_ONCE(*(u32 *)tramp_field(hvm_tramp_fault_vector));

	if (!v)
		return false;
	rmb(); /* the RIP was written before the vector */
	*vector = v - 1;
	*rip = READ_ONCE(*(u64 *)tramp_field(hvm_tramp_fault_rip));
	return true;
}

/* Tell the next CPU to start which boot_info->cpus[] entry it is. */
void hvm_trampoline_set_cpu(u32 index)
{
	WRITE_ONCE(*(u32 *)tramp_field(hvm_tramp_cpu_index), index);
	wmb(); /* the index is in memory before the SIPI that makes a CPU read it */
}
