// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Crash records: an HRT CPU that takes an unexpected exception leaves
 * struct hvm_crash_record (hvm/boot.h) in its slot for Linux to read, says
 * so in the log ring, publishes HVM_CPU_CRASHED and stops for good. An
 * exception inside a call leaves the same record in the call slot's record
 * instead, and the CPU goes on (trap.c). Also the deliberate crashes behind
 * HVM_MBOX_TEST_CRASH that test the first path.
 */
#include <hvm/barrier.h>
#include <hvm/call.h>

#include "arch.h"
#include "bootinfo.h"
#include "kernel.h"
#include "arch/apic.h"
#include "log.h"
#include "memlayout.h"
#include "percpu.h"
#include "printk.h"
#include "arch/cpu.h"
#include "arch/trap.h"

static const char *const exception_names[X86_NR_EXCEPTIONS] = {
	[0] = "divide error",
	[1] = "debug exception",
	[2] = "NMI",
	[3] = "breakpoint",
	[4] = "overflow",
	[5] = "bound range exceeded",
	[6] = "invalid opcode",
	[7] = "device not available",
	[8] = "double fault",
	[9] = "coprocessor segment overrun",
	[10] = "invalid TSS",
	[11] = "segment not present",
	[12] = "stack-segment fault",
	[13] = "general protection fault",
	[14] = "page fault",
	[16] = "x87 floating-point error",
	[17] = "alignment check",
	[18] = "machine check",
	[19] = "SIMD floating-point exception",
	[20] = "virtualization exception",
	[21] = "control protection exception",
	[28] = "hypervisor injection exception",
	[29] = "VMM communication exception",
	[30] = "security exception",
};

/* The vector of a record that describes no exception (a refused call). */
#define CRASH_VECTOR_NONE HVM_CRASH_VECTOR_NONE

_Static_assert(__builtin_offsetof(struct trap_frame, vector) == sizeof(__u64) * HVM_CRASH_NR_REGS,
	       "trap_frame starts with the crash record's regs[]");

static const char *crash_reason(__u64 vector)
{
	if (vector < X86_NR_EXCEPTIONS && exception_names[vector])
		return exception_names[vector];
	return "reserved exception";
}

/*
 * A frame record {saved rbp, return address} is followed only while it lies
 * 8-aligned inside the kernel image, which holds every stack; so the walk
 * never touches unmapped memory, whatever rbp held.
 */
static bool crash_frame_ok(__u64 fp)
{
	return !(fp & 7) && fp >= (__u64)_kernel_start && fp + 16 <= (__u64)_kernel_end;
}

static __u32 crash_backtrace(__u64 *out, __u64 rip, __u64 fp)
{
	__u32 n = 0;

	out[n++] = rip;
	while (n < HVM_CRASH_MAX_FRAMES && crash_frame_ok(fp)) {
		const __u64 *frame = (const __u64 *)fp;

		if (!frame[1])
			break;
		out[n++] = frame[1];
		fp = frame[0];
	}
	return n;
}

static void crash_set_reason(struct hvm_crash_record *r, const char *reason)
{
	memset(r->reason, 0, sizeof(r->reason));
	memcpy(r->reason, reason, MIN(strlen(reason), sizeof(r->reason) - 1));
}

static void crash_fill(struct hvm_crash_record *r, const struct trap_frame *f, unsigned int cpu)
{
	r->magic = HVM_ABI_MAGIC;
	r->revision = HVM_ABI_REVISION;
	r->cpu = cpu;
	r->vector = f->vector;
	r->error_code = f->error_code;
	r->rip = f->rip;
	r->cs = f->cs;
	r->rflags = f->rflags;
	r->rsp = f->rsp;
	r->ss = f->ss;
	r->cr0 = read_cr0();
	r->cr2 = read_cr2();
	r->cr3 = read_cr3();
	r->cr4 = read_cr4();
	r->fs_base = rdmsr(MSR_FS_BASE);
	r->gs_base = rdmsr(MSR_GS_BASE);
	r->tsc = rdtsc();
	memcpy(r->regs, f, sizeof(r->regs));
	r->nr_frames = crash_backtrace(r->backtrace, f->rip, f->rbp);
	crash_set_reason(r, crash_reason(f->vector));
}

static struct hvm_crash_record *crash_call_record(unsigned int slot)
{
	return hvm_slot_crash(partition(), slot);
}

void crash_record_call(const struct trap_frame *f, unsigned int slot)
{
	struct hvm_crash_record *r = crash_call_record(slot);
	unsigned int cpu = this_cpu()->cpu;

	hvm_publish(&r->valid, 0);
	crash_fill(r, f, cpu);
	hvm_publish(&r->valid, 1); /* the record before its valid flag */
	kprintf("hvm-kernel: cpu %u: call in slot %u faulted: %s at 0x%llx\n", cpu, slot,
		crash_reason(f->vector), f->rip);
}

/* No exception, no registers: vector CRASH_VECTOR_NONE and the reason say what happened. */
void arch_call_refused(unsigned int slot, const char *reason)
{
	struct hvm_crash_record *r = crash_call_record(slot);
	unsigned int cpu = this_cpu()->cpu;

	hvm_publish(&r->valid, 0);
	memset(r, 0, sizeof(*r));
	r->magic = HVM_ABI_MAGIC;
	r->revision = HVM_ABI_REVISION;
	r->cpu = cpu;
	r->vector = CRASH_VECTOR_NONE;
	r->cr3 = read_cr3();
	r->tsc = rdtsc();
	crash_set_reason(r, reason);
	hvm_publish(&r->valid, 1);
	kprintf("hvm-kernel: cpu %u: call in slot %u refused: %s\n", cpu, slot, reason);
}

/* Record the crash described by @f, announce it and stop this CPU. */
__noreturn void crash_report(struct trap_frame *f)
{
	struct percpu *p = this_cpu();
	struct hvm_crash_record *r = hvm_cpu_crash(partition(), p->cpu);

	if (p->crashing) /* crashed while crashing: keep the first record */
		goto stop;
	p->crashing = true;
	hvm_publish(&r->valid, 0);
	crash_fill(r, f, p->cpu);
	hvm_publish(&r->valid, 1);
	log_crash_unlock();
	kprintf("hvm-kernel: cpu %u: crashed: %s at 0x%llx\n", p->cpu, crash_reason(f->vector),
		f->rip);
stop:
	hvm_publish(&boot_info->cpus[p->cpu].state, HVM_CPU_CRASHED);
	/* Ring Linux's doorbell so it collects the record now (0: Linux polls). */
	if (boot_info->notify_vector)
		apic_send_ipi(boot_info->linux_apic_id, boot_info->notify_vector);
	cpu_stop();
}

/*
 * HVM_MBOX_TEST_CRASH: raise the exception @kind names (HVM_TEST_CRASH_*).
 * Inline assembly, so the compiler can neither fold nor drop the fault.
 * Returns -EINVAL only for an unknown kind.
 */
int arch_test_crash(__u64 kind)
{
	__u32 lo = 1, hi = 0, zero = 0;

	switch (kind) {
	case HVM_TEST_CRASH_UD:
		__asm__ volatile("ud2");
		break;
	case HVM_TEST_CRASH_PF:
		__asm__ volatile("movq (%0), %%rax"
				 :
				 : "r"(KERNEL_UNMAPPED_PROBE)
				 : "rax", "memory");
		break;
	case HVM_TEST_CRASH_DE:
		__asm__ volatile("divl %2" : "+a"(lo), "+d"(hi) : "r"(zero));
		break;
	case HVM_TEST_CRASH_GP:
		__asm__ volatile("movq (%0), %%rax"
				 :
				 : "r"(0x8000000000000000ull)
				 : "rax", "memory");
		break;
	}
	return -EINVAL;
}
