/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The /dev/hvm interface between hvm.ko and user space (hvmctl and
 * multiverse-rt).
 *
 * Calling convention: every ioctl takes a pointer to one of the structures
 * below. The caller fills in .magic and .revision; the module refuses a
 * mismatch with -EPROTO so an old tool never misreads a new layout. Every
 * ioctl returns 0 or -1 with errno set. Ioctl numbers are append-only.
 */
#ifndef HVM_IOCTL_H
#define HVM_IOCTL_H

#include "abi.h"
#include "boot.h"
#include "call.h"
#include "profile.h"

#define HVM_DEVICE_PATH "/dev/hvm"
#define HVM_MAX_HRT_CPUS HVM_MAX_CPUS

/* One vCPU set aside for the specialized kernel. */
struct hvm_cpu_info {
	__u32 linux_cpu; /* Linux's logical CPU number */
	__u32 apic_id; /* physical (x)APIC id, for INIT/SIPI and IPIs */
	__u32 flags; /* HVM_CPU_* */
	__u32 pad;
};

#define HVM_CPU_PRESENT (1u << 0) /* Linux enumerated it (MADT) */
#define HVM_CPU_LINUX_ONLINE (1u << 1) /* Linux is running on it now */

/* One physical region the partition needs, as the module verified it. */
struct hvm_region_info {
	__u64 base;
	__u64 size;
	__u32 flags; /* HVM_REGION_* */
	__u32 pad;
};

#define HVM_REGION_RESERVED (1u << 0) /* Linux does not use it as RAM */
#define HVM_REGION_BACKED (1u << 1) /* firmware reports RAM behind it */

/* HVM_IOC_GET_PARTITION: what the module sees and verified at load time. */
struct hvm_partition_info {
	__u32 magic; /* HVM_ABI_MAGIC, in and out */
	__u32 revision; /* HVM_ABI_REVISION, in and out */
	__u32 nr_hrt_cpus;
	__u32 nr_linux_cpus; /* Linux CPUs online now */
	struct hvm_region_info trampoline;
	struct hvm_region_info hrt_mem;
	struct hvm_cpu_info hrt_cpus[HVM_MAX_HRT_CPUS];
	__u32 hrt_state; /* HVM_HRT_* */
	__u32 pad;
};

/* hvm-kernel states, as hvm.ko tracks them (hrt_state, hvm_status.state). */
#define HVM_HRT_NOT_BOOTED 0u /* never booted since hvm.ko was loaded */
#define HVM_HRT_RUNNING 1u /* every HRT CPU came up */
#define HVM_HRT_HALTED 2u /* stopped on request; its log is still readable */
#define HVM_HRT_CRASHED 3u /* a CPU stopped on an exception: see HVM_IOC_GET_CRASH */
#define HVM_HRT_FAILED 4u /* the last boot did not complete: see hvm_status.error */

#define HVM_NAME_LEN 128
#define HVM_ERROR_LEN 256

/*
 * HVM_IOC_BOOT: validate an hvm-kernel ELF image and boot it on every HRT
 * CPU; refused while the HRT runs. With HVM_BOOT_AGAIN the image loaded
 * last is booted again (warm reboot: the HRT CPUs are stopped with INIT
 * first) and image/size are ignored. On failure .error says why, and the
 * state of a refused image's predecessor is untouched.
 */
struct hvm_boot_request {
	__u32 magic;
	__u32 revision;
	__u64 image; /* in: user address of the ELF bytes */
	__u64 size; /* in: their count */
	__u32 flags; /* in: HVM_BOOT_* */
	__u32 pad;
	char name[HVM_NAME_LEN]; /* in: where the image came from, for status */
	char error[HVM_ERROR_LEN]; /* out: why the boot failed */
};

#define HVM_BOOT_AGAIN (1u << 0)

/*
 * The live objects of hvm.ko and hvm-kernel, for leak checks: after every
 * hybrid program ended, all but inits_sent and free_pages are back to 0
 * (inits_sent only grows; free_pages is back to its value after boot).
 * Listed once here as X(field, label, what it counts); hvmctl status and
 * /sys/class/misc/hvm/counters print them in this order, "label value".
 */
#define HVM_FOR_EACH_COUNTER(X)                                                                    \
	X(busy_slots, "busy_slots", "call slots claimed: calls and threads in flight")             \
	X(spaces, "spaces", "merged address spaces, live or being torn down")                      \
	X(tickets, "tickets", "calls kept under a ticket (asynchronous, forwarding)")              \
	X(lost_cpus, "lost_cpus", "HRT cores stopped with INIT until the next boot")               \
	X(inits_sent, "inits_sent", "INITs sent to stop a core that did not answer, since load")   \
	X(hrt_threads, "hrt_threads", "hvm-kernel threads of calls (its report)")                  \
	X(hrt_free_pages, "hrt_free_pages", "hvm-kernel free pages (its report)")

struct hvm_counters {
#define HVM_COUNTER_FIELD(field, label, what) __u64 field;
	HVM_FOR_EACH_COUNTER(HVM_COUNTER_FIELD)
#undef HVM_COUNTER_FIELD
};

/* HVM_IOC_GET_STATUS: the HRT as hvm.ko sees it now. */
struct hvm_status {
	__u32 magic;
	__u32 revision;
	__u32 state; /* HVM_HRT_* */
	__u32 generation; /* boots since load, failed ones included */
	__u32 nr_cpus;
	__u32 nr_up; /* CPUs that reported HVM_CPU_UP */
	__u64 boot_time_ns; /* last boot: first INIT to last CPU up */
	__u64 uptime_ns; /* since the last boot completed; 0 unless running */
	__u64 image_size;
	__u64 image_hash; /* FNV-1a 64 of the loaded image */
	__u32 crashed_cpu; /* index of the CPU that crashed, if CRASHED */
	__u32 pad;
	__u32 cpu_state[HVM_MAX_CPUS]; /* HVM_CPU_* as last read from the HRT */
	char image_name[HVM_NAME_LEN];
	char image_tag[HVM_IMAGE_TAG_LEN]; /* its identification note's tag ("default", "debug") */
	char error[HVM_ERROR_LEN]; /* the last failure, "" when none */
	struct hvm_counters counters; /* live objects now */
};

/*
 * HVM_IOC_READ_LOG: copy bytes of the HRT's log ring from .pos on. Returns
 * with .copied bytes at .buf and .pos advanced; .lost counts bytes that
 * were overwritten before they could be read. .generation tells a reader
 * when the HRT was rebooted (its log then starts again at 0).
 */
struct hvm_log_read {
	__u32 magic;
	__u32 revision;
	__u64 pos; /* in/out */
	__u64 buf; /* in: user address */
	__u32 len; /* in: room at buf */
	__u32 copied; /* out */
	__u64 lost; /* out */
	__u32 generation; /* out */
	__u32 pad;
};

/* HVM_IOC_GET_CRASH: the last crash record hvm.ko collected. */
struct hvm_crash_info {
	__u32 magic;
	__u32 revision;
	__u32 available; /* 0: no crash since load */
	__u32 generation; /* of the boot that crashed */
	__u64 image_hash; /* of the image that crashed */
	struct hvm_crash_record record; /* validated copy */
};

/* HVM_IOC_PING: a command round trip to every HRT CPU that is up. */
struct hvm_ping {
	__u32 magic;
	__u32 revision;
	__u32 nr_cpus; /* out: entries filled */
	__u32 pad;
	__s32 result[HVM_MAX_CPUS]; /* 0, -ETIMEDOUT, or -ENODEV when not up */
	__u64 rtt_ns[HVM_MAX_CPUS];
};

/* HVM_IOC_TEST_CRASH: make an HRT CPU crash (test hook; hvm.test_hooks=1). */
struct hvm_test_crash {
	__u32 magic;
	__u32 revision;
	__u32 cpu; /* index in the HRT's CPU list */
	__u32 kind; /* HVM_TEST_CRASH_* */
};

/*
 * HVM_IOC_MERGE: give the HRT this process's address space (lower half),
 * kept coherent until the file is closed or the process exits. Calls on
 * this file then run in it. Merging again returns the same space (and
 * keeps its first policy) to the process that merged it, and fails with
 * -EBUSY in any other (a fork child holding the inherited descriptor, the
 * program after exec): it must open /dev/hvm itself; -ENOSPC when all
 * HVM_MAX_SPACES spaces are in use. A space's id is free again once its
 * process exits, even while the file stays open elsewhere. native[] is the process's native system-call
 * policy (hvm/call.h, Native system calls): all zero forwards everything.
 * heap_start/heap_end name the process's HRT heap (hvm/call.h, Memory
 * calls), or are 0: it must be one anonymous private PROT_NONE mapping of
 * the caller, else -EINVAL; heap_brk is the program break when the heap
 * starts at its page, else 0. cpus is the process's set of HRT CPUs (bit
 * n: HRT CPU n, as hvmctl numbers them), 0 for all of them; -EINVAL when it
 * names a CPU the HRT does not have. Its threads run only there (a call
 * to HVM_CALL_ANY goes to the least busy CPU of the set, one to a CPU
 * outside it is refused with -EINVAL), and the HRT answers its CPU
 * questions in terms of the set (hvm/call.h, Native system calls). The
 * set merged is written back.
 */
struct hvm_merge_request {
	__u32 magic;
	__u32 revision;
	__u32 space; /* out: space id */
	__u32 nr_cpus; /* out: HRT CPUs that take calls */
	__u64 native[HVM_NATIVE_WORDS]; /* in: bit n = serve system call n natively */
	__u64 heap_start; /* in: page-aligned, 0 = no heap */
	__u64 heap_end; /* in: page-aligned */
	__u64 heap_brk; /* in: 0 = brk stays Linux's */
	__u64 cpus; /* in: HRT CPUs, 0 = all; out: the set merged */
	__u32 flags; /* in: HVM_SPACE_* flags of the space (hvm/call.h: HVM_SPACE_TRACE) */
	__u32 pad;
};

/*
 * HVM_IOC_CALL: run long func(long arg) on one HRT CPU, or on every HRT CPU
 * (cpu = HVM_CALL_ALL: CPU i runs on stack_top - i * stack_stride), in ring
 * 0 in the merged address space. Synchronous unless HVM_CALL_ASYNC, which
 * returns a ticket for HVM_IOC_WAIT (same structure; only .ticket is read).
 * Per CPU, status is 0 (result is func's value), -EFAULT (the call faulted:
 * .fault holds the record of .faulted_cpu's call), -EINTR (aborted because
 * the caller was killed or timed out), -EIO (hvm-kernel stopped), or
 * HVM_CALL_FORWARDED: the call asks the caller to make the system call in
 * .forward (single-CPU calls only; page faults are resolved inside hvm.ko).
 * The caller makes it and hands the raw result back with HVM_IOC_RESUME
 * (same structure: .ticket and .forward.ret are read), which waits again,
 * or ends the call with HVM_IOC_CANCEL (.ticket) when its thread exits.
 * HVM_CALL_INTERRUPTED: a signal arrived for the calling thread while a
 * single call ran; the call goes on, Linux delivers the signal as the ioctl
 * returns, and HVM_IOC_WAIT (.ticket) goes back to waiting.
 * HVM_IOC_SIGNAL (.ticket): the caller, the partner of a single call
 * still unfinished, queued a signal in its ring (.sigring at the call,
 * hvm/signal.h): hvm.ko interrupts the call's HRT CPU so the thread takes
 * it; -ESRCH when the ticket is not the calling thread's own call.
 * Posting fails, with nothing posted, with -EAGAIN when the process holds
 * its share of the call slots already (hvm.ko's max_slots_per_process:
 * one slot per call in flight, a program thread's call lasts its life), or
 * -ENOSPC when all HVM_MAX_SLOTS slots are in use.
 */
struct hvm_call_request {
	__u32 magic;
	__u32 revision;
	__u64 func; /* in: lower-half address */
	__u64 arg; /* in */
	__u64 stack_top; /* in: lower-half, 16-byte aligned */
	__u64 stack_stride; /* in: for HVM_CALL_ALL */
	__u64 fs_base; /* in: FS base during the call, 0 = none */
	__u64 timeout_ns; /* in: abort after this long, 0 = never */
	__u64 ticket; /* out with HVM_CALL_ASYNC, in for HVM_IOC_WAIT */
	__u32 cpu; /* in: HRT CPU index or HVM_CALL_ALL */
	__u32 flags; /* in: HVM_CALL_* */
	__u32 nr_cpus; /* out: entries of status/result filled */
	__u32 faulted_cpu; /* out: valid when a status is -EFAULT */
	__s32 status[HVM_MAX_CPUS]; /* out */
	__s64 result[HVM_MAX_CPUS]; /* out */
	struct hvm_crash_record fault; /* out */
	struct hvm_forward forward; /* out with HVM_CALL_FORWARDED; in: .ret for RESUME */
	struct hvm_regs regs; /* in with HVM_CALL_FROM_REGS; out: the caller's
					 * registers when .forward is a task-creating call */
	__u64 sigring; /* in: the caller's signal ring (hvm/signal.h), 0 none */
};

#define HVM_CALL_ALL 0xffffffffu
#define HVM_CALL_ANY 0xfffffffeu /* a single call: the least busy CPU of the process's set */
#define HVM_CALL_FORWARDED 1 /* a status: see above */
#define HVM_CALL_INTERRUPTED 2 /* a status: see above */
#define HVM_CALL_ASYNC (1u << 0) /* post and return a ticket */
#define HVM_CALL_SLEEP (1u << 1) /* sleep for the doorbell at once (no spinning) */
#define HVM_CALL_FROM_REGS (1u << 2) /* start from .regs (a thread), not func(arg) */

/*
 * The stages of a forwarded system call: the HRT posted the request ->
 * Linux saw it -> the partner made the call and brought the result back
 * into hvm.ko -> hvm.ko posted the result -> the HRT thread runs again.
 */
#define HVM_STAGE_POST_TO_SEEN 0
#define HVM_STAGE_SEEN_TO_MADE 1
#define HVM_STAGE_MADE_TO_POSTED 2
#define HVM_STAGE_POSTED_TO_RUNNING 3
#define HVM_FORWARD_STAGES 4

/*
 * HVM_IOC_LIST_THREADS: what runs on the HRT now, one entry per call in
 * flight (a program thread is one call for its life), copied to .buf as
 * struct hvm_thread_info[.nr_entries]; .nr_entries in: room at .buf, out:
 * entries copied (at most HVM_MAX_SLOTS; calls posted meanwhile may be
 * missed). Every merged process's calls, with its pid and HRT CPUs.
 */
struct hvm_thread_info {
	__u32 tgid; /* the merged process (as seen at merge) */
	__u32 tid; /* the posting thread, the partner of a program thread */
	__u32 space; /* its space id */
	__u32 cpu; /* the HRT CPU the call runs on */
	__u64 cpus; /* the process's HRT CPUs (bit n: CPU n) */
	__u32 state; /* HVM_SLOT_* as last read from the HRT */
	__u32 slot; /* the call's slot index */
	__u64 forward_nr; /* with HVM_SLOT_FORWARD: the system call Linux is making */
};

struct hvm_threads_request {
	__u32 magic;
	__u32 revision;
	__u64 buf; /* in: user address of the entries */
	__u32 nr_entries; /* in: room at buf; out: entries copied */
	__u32 pad;
};

/*
 * HVM_IOC_GET_PROFILE: a merged process's system-call profile (hvm/profile.h),
 * copied to .buf as struct hvm_profile_entry[.nr_entries] (entry n: system
 * call n; at most HVM_NR_SYSCALLS are filled). Whose: with flags 0 and pid
 * 0, the space merged through this file by the calling process; with pid,
 * that process's (a pid in the caller's namespace); with
 * HVM_PROFILE_BY_SPACE, space id .space (0 .. HVM_MAX_SPACES - 1: a tool
 * lists every merged process that way). Errors: -ESRCH no process .pid,
 * -ENOENT the process (or the caller, or space id) has no merged space,
 * -EINVAL a space id out of range, -EFAULT .buf is not writable.
 */
struct hvm_profile_request {
	__u32 magic;
	__u32 revision;
	__u32 pid; /* in: a process, 0 = the caller's own space */
	__u32 space; /* in with HVM_PROFILE_BY_SPACE; out: the space read */
	__u32 flags; /* in: HVM_PROFILE_* */
	__u32 tgid; /* out: the merged process, as seen at merge */
	__u64 buf; /* in: user address of the entries */
	__u32 nr_entries; /* in: room at buf (entries); out: entries copied */
	__u32 pad;
	__u64 tsc_khz; /* out: ticks per ms, 0 unknown (hvm/profile.h, Time) */
	__u64 merged_ns; /* out: time since the process merged */
	/* out: where forwarded system calls' time went (hvm/call.h, Stage times), summed */
	__u64 stage_calls; /* calls measured in every stage */
	__u64 stage_ticks[HVM_FORWARD_STAGES]; /* TSC ticks per stage, HVM_STAGE_* */
};

#define HVM_PROFILE_BY_SPACE (1u << 0)

/*
 * HVM_IOC_ANSWER: the lean HVM_IOC_RESUME of a partner's loop. It hands
 * back .ret for the forwarded system call of the single call under
 * .ticket and waits again, copying only this record. .status:
 * HVM_CALL_FORWARDED with .forward the next request (a system call that
 * creates no task), HVM_CALL_INTERRUPTED (as for HVM_IOC_CALL), or
 * HVM_ANSWER_FULL: anything else happened (the call ended, or its request
 * carries registers); the call stays pending under the same ticket and
 * HVM_IOC_WAIT with the whole struct hvm_call_request tells what. The
 * ticket stays the same throughout. -EBUSY: another thread uses the ticket.
 */
struct hvm_answer {
	__u32 magic;
	__u32 revision;
	__u64 ticket; /* in */
	__u64 ret; /* in: the forwarded call's raw result */
	__s32 status; /* out */
	__u32 pad;
	struct hvm_forward forward; /* out with HVM_CALL_FORWARDED */
};

#define HVM_ANSWER_FULL 3 /* a status: see above */

/*
 * Ioctl numbers, encoded as Linux's _IOWR() does on x86 (dir 3 = read|write,
 * 14-bit size, type, nr), spelled out so the header needs no libc or kernel
 * include and compiles the same in all three environments.
 */
#define HVM_IOC_TYPE 0xb7u
#define HVM_IOWR(nr, type) ((3u << 30) | ((__u32)sizeof(type) << 16) | (HVM_IOC_TYPE << 8) | (nr))

#define HVM_IOC_GET_PARTITION HVM_IOWR(0x00, struct hvm_partition_info)
#define HVM_IOC_BOOT HVM_IOWR(0x01, struct hvm_boot_request)
#define HVM_IOC_HALT HVM_IOWR(0x02, struct hvm_status)
#define HVM_IOC_GET_STATUS HVM_IOWR(0x03, struct hvm_status)
#define HVM_IOC_READ_LOG HVM_IOWR(0x04, struct hvm_log_read)
#define HVM_IOC_GET_CRASH HVM_IOWR(0x05, struct hvm_crash_info)
#define HVM_IOC_PING HVM_IOWR(0x06, struct hvm_ping)
#define HVM_IOC_TEST_CRASH HVM_IOWR(0x07, struct hvm_test_crash)
#define HVM_IOC_MERGE HVM_IOWR(0x08, struct hvm_merge_request)
#define HVM_IOC_CALL HVM_IOWR(0x09, struct hvm_call_request)
#define HVM_IOC_WAIT HVM_IOWR(0x0a, struct hvm_call_request)
#define HVM_IOC_RESUME HVM_IOWR(0x0b, struct hvm_call_request)
#define HVM_IOC_CANCEL HVM_IOWR(0x0c, struct hvm_call_request)
#define HVM_IOC_SIGNAL HVM_IOWR(0x0d, struct hvm_call_request)
#define HVM_IOC_GET_PROFILE HVM_IOWR(0x0e, struct hvm_profile_request)
#define HVM_IOC_ANSWER HVM_IOWR(0x0f, struct hvm_answer)
#define HVM_IOC_LIST_THREADS HVM_IOWR(0x10, struct hvm_threads_request)

_Static_assert(sizeof(struct hvm_cpu_info) == 16, "hvm_cpu_info layout");
_Static_assert(sizeof(struct hvm_region_info) == 24, "hvm_region_info layout");
_Static_assert(sizeof(struct hvm_partition_info) == 16 + 48 + 16 * HVM_MAX_HRT_CPUS + 8,
	       "hvm_partition_info layout");
_Static_assert(sizeof(struct hvm_boot_request) == 32 + HVM_NAME_LEN + HVM_ERROR_LEN,
	       "hvm_boot_request layout");
_Static_assert(sizeof(struct hvm_counters) == 7 * 8, "hvm_counters layout");
_Static_assert(sizeof(struct hvm_status) == 64 + 4 * HVM_MAX_CPUS + HVM_NAME_LEN +
						    HVM_IMAGE_TAG_LEN + HVM_ERROR_LEN +
						    sizeof(struct hvm_counters),
	       "hvm_status layout");
_Static_assert(sizeof(struct hvm_log_read) == 48, "hvm_log_read layout");
_Static_assert(sizeof(struct hvm_ping) == 16 + 12 * HVM_MAX_CPUS, "hvm_ping layout");
_Static_assert(sizeof(struct hvm_status) < (1 << 14), "ioctl sizes fit 14 bits");
_Static_assert(sizeof(struct hvm_call_request) < (1 << 14), "ioctl sizes fit 14 bits");
_Static_assert(sizeof(struct hvm_thread_info) == 40, "hvm_thread_info layout");
_Static_assert(sizeof(struct hvm_threads_request) == 24, "hvm_threads_request layout");
_Static_assert(sizeof(struct hvm_merge_request) == 16 + 8 * HVM_NATIVE_WORDS + 40,
	       "hvm_merge_request layout");
_Static_assert(sizeof(struct hvm_profile_request) == 56 + 8 + 8 * HVM_FORWARD_STAGES,
	       "hvm_profile_request layout");
_Static_assert(sizeof(struct hvm_answer) == 32 + sizeof(struct hvm_forward), "hvm_answer layout");

#endif /* HVM_IOCTL_H */
