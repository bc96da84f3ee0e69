/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Booting hvm-kernel: the regions hvm.ko and hvm-kernel share inside the HRT
 * partition, and the contract of the kernel's entry point.
 *
 * Partition map, the one drawing of it (offsets from the partition's
 * physical base; the kernel sees the partition at KERNEL_VBASE + offset;
 * the accessors of hvm/call.h name the per-slot records):
 *
 *   0x000000  struct hvm_boot_info      module writes before boot; HRT writes cpus[].state
 *   0x001000  boot page tables          module writes; HRT must not rely on them after entry
 *   0x010000  struct hvm_mailbox[64]    Linux -> HRT commands, one per HRT CPU
 *   0x018000  struct hvm_clock          Linux's clocks for the HRT (hvm/clock.h)
 *   0x020000  struct hvm_crash_record   one HVM_CRASH_SLOT_SIZE slot per HRT CPU (64)
 *   0x040000  struct hvm_space[16]      one 4 KiB page each; Linux writes (hvm/call.h)
 *   0x050000  struct hvm_core[64]       64 bytes each; per HRT CPU, both write their fields
 *   0x060000  struct hvm_call_slot[256] 64 bytes each; the ROS -> HRT calls
 *   0x064000  struct hvm_forward[256]   64 bytes each; a slot's request of Linux
 *   0x068000  struct hvm_regs[256]      HVM_REGS_SIZE each; a task-creating call's registers
 *   0x072000  struct hvm_slot_times[256] 64 bytes each; a forwarded request's stage stamps
 *   0x07f000  __u32 tid[256]            the posting thread's tid
 *   0x07f400  __u64 sigring[256]        the posting thread's signal ring (hvm/signal.h)
 *   0x07fc00  __u32 sigkicks[256]       signals queued for the slot's call, a count
 *   0x080000  struct hvm_crash_record   one HVM_CRASH_SLOT_SIZE record per call slot
 *   0x100000  struct hvm_log_ring       HRT writes, Linux reads (HVM_LOG_AREA_SIZE bytes)
 *   0x1c0000  system-call profiles      HRT adds, Linux zeroes and reads (hvm/profile.h)
 *   0x200000  the kernel image          ELF p_paddr == offset, p_vaddr == KERNEL_VBASE + offset
 *   ...       free memory               from boot_info.image_end to partition_size
 *
 * Entry contract: hvm.ko starts the HRT CPUs one at a time (INIT, SIPI,
 * SIPI through the trampoline page) and enters the ELF entry point of each
 *   - in 64-bit mode, interrupts disabled, CR0.CD/NW clear, EFER.NXE set;
 *   - on the boot page tables: an identity map of the first 1 GiB of
 *     physical memory and the partition's first min(size, 1 GiB) at
 *     KERNEL_VBASE, both with 2 MiB pages;
 *   - RDI = KERNEL_VBASE + HVM_BOOT_INFO_OFFSET (struct hvm_boot_info *),
 *     RSI = this CPU's index in boot_info->cpus[];
 *   - with the trampoline's temporary GDT, a small stack and an IDT whose
 *     handlers note an exception for hvm.ko and stop the CPU (the boot
 *     fails, "faulted at entry"), until the kernel loads its own;
 *   - with every PT_LOAD segment copied to its partition offset and its
 *     bytes past p_filesz (.bss) zeroed, at every boot and reboot.
 * The CPU announces itself by publishing cpus[i].state = HVM_CPU_UP once it
 * can take commands; hvm.ko waits for that (with a timeout) and for the
 * answer to a ping before it starts the next CPU. A CPU that stops on an unexpected exception publishes
 * HVM_CPU_CRASHED after its crash record.
 *
 * Everything the HRT writes here is untrusted input for hvm.ko: it reads each
 * field once, bounds-checks it and never follows a pointer found here.
 */
#ifndef HVM_BOOT_H
#define HVM_BOOT_H

#include "abi.h"

#define HVM_MAX_CPUS 64

#define HVM_BOOT_INFO_OFFSET 0x000000ULL
#define HVM_BOOT_PGTABLE_OFFSET 0x001000ULL
#define HVM_BOOT_PGTABLE_SIZE 0x00f000ULL
#define HVM_MAILBOX_OFFSET 0x010000ULL
#define HVM_CRASH_OFFSET 0x020000ULL
#define HVM_CRASH_SLOT_SIZE 0x000800ULL
#define HVM_LOG_OFFSET 0x100000ULL
#define HVM_LOG_AREA_SIZE 0x0c0000ULL
#define HVM_KERNEL_LINK_OFFSET 0x200000ULL

/* Where the partition appears in the kernel's upper half. */
#define HVM_KERNEL_VBASE 0xffffffff80000000ULL

/* cpus[i].state: OFF is written by Linux before a boot, the rest by the HRT. */
#define HVM_CPU_OFF 0u
#define HVM_CPU_UP 1u /* running hvm-kernel, taking commands */
#define HVM_CPU_CRASHED 2u /* stopped after writing its crash record */

struct hvm_boot_cpu {
	__u32 apic_id; /* module: physical (x)APIC id */
	__u32 linux_cpu; /* module: Linux's number for this vCPU */
	__u32 state; /* HRT publishes HVM_CPU_* (module resets to OFF) */
	__u32 pad;
	__u64 up_tsc; /* HRT: TSC when it published HVM_CPU_UP */
};

struct hvm_boot_info {
	__u32 magic; /* HVM_ABI_MAGIC */
	__u32 revision; /* HVM_ABI_REVISION */
	__u64 partition_base; /* physical */
	__u64 partition_size; /* bytes */
	__u64 image_end; /* offset of the first free page after the image */
	__u64 tsc_khz; /* Linux's TSC frequency, 0 when unknown */
	__u32 nr_cpus; /* entries used in cpus[] */
	__u32 generation; /* incremented by the module on every boot */
	__u32 linux_apic_id; /* where HRT -> Linux notifications go (future) */
	__u32 notify_vector; /* 0: Linux polls for state changes */
	__u64 flags; /* HVM_BOOT_F_* */
	struct hvm_boot_cpu cpus[HVM_MAX_CPUS];
	/* HRT publishes, for leak checks (hvm/ioctl.h, struct hvm_counters); Linux only reports them. */
	__u32 nr_threads; /* threads of calls that exist now */
	__u32 poll_max_us; /* Linux, may change at any time: an idle CPU's polling cap, 0 none */
	__u64 free_pages; /* its page allocator's free pages */
};

#define HVM_BOOT_F_TEST_HOOKS (1ULL << 0) /* accept HVM_MBOX_TEST_CRASH */

/*
 * Linux -> HRT commands, one mailbox per HRT CPU (a cache line each).
 * Linux writes cmd and arg, then publishes cmd_seq + 1 and sends the kick
 * IPI (HVM_VECTOR_KICK) to the CPU. The HRT CPU handles it, writes result
 * and value, then publishes ack_seq = cmd_seq. Linux waits for ack_seq
 * with a timeout; one command per mailbox at a time (Linux serializes).
 */
#define HVM_MBOX_PING 1u /* value = the CPU's TSC; result 0 */
#define HVM_MBOX_TEST_CRASH 2u /* arg = HVM_TEST_CRASH_*; never acked: the CPU crashes */

#define HVM_TEST_CRASH_UD 0u /* invalid opcode (ud2) */
#define HVM_TEST_CRASH_PF 1u /* read of an unmapped upper-half address */
#define HVM_TEST_CRASH_DE 2u /* divide by zero */
#define HVM_TEST_CRASH_GP 3u /* non-canonical address */

/* The HRT's own interrupt vectors (it owns its IDT; Linux sends these). */
#define HVM_VECTOR_KICK 0xf0u /* "look at your mailbox" */
#define HVM_VECTOR_SPURIOUS 0xffu

struct hvm_mailbox {
	__u32 cmd; /* Linux */
	__u32 cmd_seq; /* Linux publishes after cmd and arg */
	__u64 arg; /* Linux */
	__u32 ack_seq; /* HRT publishes after result and value */
	__s32 result; /* HRT: 0 or -errno */
	__u64 value; /* HRT */
	__u8 pad[32];
};

/*
 * The record an HRT CPU leaves when an unexpected exception stops it.
 * regs[] order: rax rbx rcx rdx rsi rdi rbp r8 r9 r10 r11 r12 r13 r14 r15.
 * backtrace[] holds return addresses from a frame-pointer walk, innermost
 * first, starting with rip. The HRT publishes valid = 1 last.
 */
#define HVM_CRASH_NR_REGS 15
#define HVM_CRASH_VECTOR_NONE (~0ULL) /* a refusal, not an exception (reason says why) */
#define HVM_CRASH_MAX_FRAMES 32

struct hvm_crash_record {
	__u32 magic;
	__u32 revision;
	__u32 valid;
	__u32 cpu; /* index in boot_info.cpus[] */
	__u64 vector;
	__u64 error_code;
	__u64 rip;
	__u64 cs;
	__u64 rflags;
	__u64 rsp;
	__u64 ss;
	__u64 cr0;
	__u64 cr2;
	__u64 cr3;
	__u64 cr4;
	__u64 fs_base;
	__u64 gs_base;
	__u64 tsc;
	__u64 regs[HVM_CRASH_NR_REGS];
	__u32 nr_frames;
	__u32 pad;
	__u64 backtrace[HVM_CRASH_MAX_FRAMES];
	char reason[64]; /* NUL-terminated by the reader, never trusted */
};

/*
 * The log ring: the HRT appends text bytes at data[head % size] and
 * publishes head (the count of bytes ever written) after the bytes; Linux
 * reads [max(tail, head - size), head) and reports what was overwritten.
 * The module initializes the header at every boot.
 */
struct hvm_log_ring {
	__u32 magic;
	__u32 revision;
	__u32 size; /* bytes in data[] (HVM_LOG_AREA_SIZE - 64) */
	__u32 pad;
	__u64 head; /* HRT publishes */
	__u64 reserved[5];
	char data[];
};

_Static_assert(sizeof(struct hvm_boot_cpu) == 24, "hvm_boot_cpu layout");
_Static_assert(sizeof(struct hvm_boot_info) == 64 + 24 * HVM_MAX_CPUS + 16, "hvm_boot_info layout");
_Static_assert(sizeof(struct hvm_boot_info) <= HVM_BOOT_PGTABLE_OFFSET, "boot info fits its page");
_Static_assert(sizeof(struct hvm_mailbox) == 64, "hvm_mailbox is one cache line");
_Static_assert(sizeof(struct hvm_mailbox) * HVM_MAX_CPUS <= HVM_CRASH_OFFSET - HVM_MAILBOX_OFFSET,
	       "mailboxes fit their area");
_Static_assert(sizeof(struct hvm_crash_record) <= HVM_CRASH_SLOT_SIZE,
	       "crash record fits its slot");
_Static_assert(HVM_CRASH_OFFSET + HVM_CRASH_SLOT_SIZE * HVM_MAX_CPUS <= HVM_LOG_OFFSET,
	       "crash slots fit their area");
_Static_assert(sizeof(struct hvm_log_ring) == 64, "hvm_log_ring header layout");

/*
 * Accessors of the per-CPU records, like hvm/call.h's: @part is the
 * partition's first byte as the caller maps it, @cpu < HVM_MAX_CPUS the
 * caller's to check.
 */
static inline struct hvm_mailbox *hvm_mailbox_at(void *part, __u32 cpu)
{
	return (struct hvm_mailbox *)((char *)part + HVM_MAILBOX_OFFSET) + cpu;
}

/* The crash record of HRT CPU @cpu (valid once it published HVM_CPU_CRASHED). */
static inline struct hvm_crash_record *hvm_cpu_crash(void *part, __u32 cpu)
{
	return (struct hvm_crash_record *)((char *)part + HVM_CRASH_OFFSET +
					   cpu * HVM_CRASH_SLOT_SIZE);
}

#endif /* HVM_BOOT_H */
