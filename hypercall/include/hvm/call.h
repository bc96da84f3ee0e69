/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ROS -> HRT calls and the merged address space: the shared-memory
 * protocol between hvm.ko (Linux) and hvm-kernel (the HRT).
 *
 * The areas these structures live in are drawn once, in the partition map
 * of hvm/boot.h; reach them only through the accessors at the end of this
 * header (hvm_slot(), hvm_slot_forward(), ...), never by offset arithmetic.
 *
 * Address spaces. A Linux process that merges gets a space id. Linux
 * writes the 256 lower-half top-level (PML4) entries of the process's page
 * tables into space.pml4[] (NX cleared: under KPTI the kernel copy of a user
 * entry carries NX) and then publishes generation + 1. An HRT CPU running in
 * a space keeps its own PML4 whose lower half is a copy of space.pml4[] and
 * whose upper half is hvm-kernel's; whenever it sees a new generation it
 * copies the entries again before using the space. Linux re-syncs after
 * every invalidation of the process's page tables and before every call.
 *
 * TLB shootdown. Before Linux frees or reuses anything the process's page
 * tables pointed to, it asks every HRT CPU whose core.space names that
 * space to drop its translations: it writes shoot_space, publishes
 * shoot_seq + 1, sends HVM_VECTOR_SYNC and spins until shoot_ack equals
 * shoot_seq (bounded; a CPU that does not answer is stopped with INIT). The
 * HRT handler re-copies the PML4 entries if the generation moved, reloads
 * CR3 (flushing all non-global translations) and publishes shoot_ack. An
 * HRT CPU publishes core.space before it loads a space's CR3 and clears it
 * after it left; both sides use a full fence between their publish and
 * their read of the other side (hvm_full_fence), so one always sees the
 * other.
 *
 * Calls. A Linux thread claims a free slot (its own atomic bit in hvm.ko:
 * no lock), fills it, publishes state = HVM_SLOT_POSTED and kicks the
 * target CPU (HVM_VECTOR_KICK). The CPU claims the slot by compare-and-swap
 * POSTED -> RUNNING, switches to the slot's space, and calls
 *     long func(long arg)
 * in ring 0 with RSP = stack_top (16-byte aligned, in the process's lower
 * half), FS base = fs_base (when not 0), interrupts enabled (so shootdowns
 * reach it; interrupts run on IST stacks, never on the program's stack).
 * When func returns, the CPU writes result and publishes state =
 * HVM_SLOT_DONE. Any exception inside the call (a lower-half page fault
 * only after Linux could not resolve it, see Forwarding) writes a crash
 * record into the slot's record and publishes HVM_SLOT_FAULTED; the CPU
 * then goes on with its next call. After publishing, the CPU does a full
 * fence and, if waiter is 1, rings Linux's doorbell
 * (boot_info.notify_vector). The Linux thread spins on state for a while;
 * to sleep, it sets waiter = 1, does a full fence and looks at state once
 * more before sleeping. Linux cancels a posted call by compare-and-swap
 * POSTED -> FREE; it aborts a running one through core.abort_slot /
 * abort_seq and HVM_VECTOR_SYNC: the CPU unwinds the call and publishes
 * HVM_SLOT_ABORTED, then abort_ack. Linux alone returns a slot to FREE,
 * after it read the outcome.
 *
 * Sequence check. Every state the HRT publishes for a call (DONE, FAULTED,
 * ABORTED, FORWARD) comes after state_seq = the call's seq. Linux posts
 * with state_seq = seq - 1 and takes a state whose state_seq is not the
 * call's seq for "still running" (a stale write of an earlier call in the
 * slot, or garbage), never for an outcome or a request: a FORWARD of
 * another call would have the caller make a system call it did not ask
 * for. This catches stale and random writes only; code that runs in ring 0
 * on the HRT can forge any of it (README, Trust model).
 *
 * Forwarding. A call that needs Linux (a system call it does not serve, or
 * a page fault on a lower-half address) writes the request into its slot's
 * struct hvm_forward and state_seq = seq, then publishes state =
 * HVM_SLOT_FORWARD, with the same doorbell rule as for DONE; it then
 * waits, parked while its CPU runs other calls (see Multiplexing),
 * abortable all along, for HVM_SLOT_RESUMED, takes forward.ret and
 * publishes HVM_SLOT_RUNNING again. A system call is made
 * by the `syscall` instruction (nr in RAX, arguments in RDI RSI RDX R10 R8
 * R9, result in RAX, RCX and R11 clobbered), exactly as on Linux; Linux
 * performs it in the calling process and writes its raw result (-errno on
 * failure). arch_prctl(ARCH_SET_FS/GET_FS) is served by the HRT itself. For
 * a fault, nr = HVM_FORWARD_FAULT, args[0] = the address (CR2) and args[1]
 * the error code; Linux resolves it as the process's own fault would be and
 * writes 0 (retry the access) or, for a real fault, -EFAULT (nothing is
 * mapped there) or -EACCES (mapped, but not for this access): the
 * program's SIGSEGV handler gets SEGV_MAPERR or SEGV_ACCERR (hvm/signal.h),
 * or without one the call ends as HVM_SLOT_FAULTED with its crash record. Linux never resumes a call it is
 * aborting: the abort reaches the waiting call directly.
 *
 * Tracing. In a space whose flags have HVM_SPACE_TRACE, the HRT follows
 * every system call it serves itself with a trace note, forwarded as a
 * request is: nr = HVM_FORWARD_TRACE, args[0] = the call's number, args[1]
 * its raw result, args[2] the nanoseconds the HRT took to serve it, and
 * the slot's struct hvm_regs = the program's registers at its `syscall`
 * (its arguments in RDI RSI RDX R10 R8 R9). Linux (the partner) reports it
 * and answers 0. The program sees nothing of it but the time it takes.
 *
 * Native system calls. Linux writes, before it publishes a space LIVE,
 * the process's policy native[] (bit n set: hvm-kernel serves system call
 * n itself when it has a handler for it, else forwards it; the program's
 * runtime chose it at merge), its tgid and parent's tgid (getpid,
 * getppid: as seen in the caller's pid namespace at merge) and the uname
 * fields of its UTS namespace at merge; the HRT only reads them, so a
 * later sethostname or reparenting is not seen. Before it publishes a slot
 * POSTED, Linux writes the posting thread's tid into tid[slot] (gettid,
 * set_tid_address: the partner thread of a program thread).
 * arch_prctl(ARCH_SET_FS/GET_FS) is always native: the FS base is the HRT
 * CPU's. cpus is the process's set of HRT CPUs (bit n: HRT CPU n; never
 * empty): its threads run only there, and the CPU questions a program asks
 * (sched_getaffinity, getcpu, the vDSO's getcpu) are answered in its terms,
 * the set's CPUs numbered 0, 1, ... in order ("program CPUs"). The time calls read Linux's clocks from the snapshot of
 * hvm/clock.h, which is not per space.
 *
 * Memory calls. Every pointer a program hands a forwarded system call is
 * dereferenced by Linux in the same process, so memory the HRT hands out
 * must be memory Linux maps for the process. At merge the program's runtime
 * reserves one heap on Linux: an anonymous private PROT_NONE mapping (no
 * MAP_NORESERVE: Linux charges it to neither RLIMIT_DATA nor its overcommit
 * accounting, only to RLIMIT_AS) with MADV_HUGEPAGE (transparent 2 MiB
 * pages when faulted), placed right at the program break when it can be,
 * and Linux writes its bounds into heap_start and heap_end (hvm.ko checks
 * that they are one such mapping of the process), the break into heap_brk
 * when the heap starts at the break's page (else 0), and a merge_seq no
 * earlier merge had. Linux never places anything inside the heap itself
 * (the mapping is there), and the HRT hands out only heap addresses: the
 * two never overlap. The HRT keeps, per space and merge_seq, which heap
 * pages are reserved (PROT_NONE, all of them at first), free (read as
 * zero, committed: mapped read-write by Linux), used and as Linux mapped
 * them, used and possibly changed by Linux (a forwarded mprotect,
 * MAP_FIXED mapping or mremap touched them), or gone (given back to Linux
 * for good: no longer the heap's). Reserved pages are committed when
 * handed out by a forwarded mprotect to read-write, which Linux checks
 * against RLIMIT_DATA and its overcommit policy as it checks a native
 * mmap; refused, the HRT decommits its free pages (a forwarded MAP_FIXED
 * PROT_NONE mmap) and asks once more, then lets the program's call fail as
 * Linux would. With the policy's bits for mmap, munmap, mprotect, mremap
 * and brk (the runtime sets all five or none), it serves anonymous private
 * read-write mmap from the heap (2 MiB-aligned from 2 MiB on; not
 * MAP_NORESERVE), MAP_FIXED inside it, munmap inside it (zeroing the pages
 * below 2 MiB, which stay free and committed, else decommitting them),
 * mprotect to read-write of unchanged pages as a no-op, mremap shrinking
 * or growing in place (moving: to a heap range it picks, Linux moving the
 * pages), and brk inside the heap from heap_brk up; it forwards the rest
 * and records what the forwarded call changed inside the heap. After the
 * program sets its own RLIMIT_DATA it decommits its free pages; after it
 * sets a finite RLIMIT_AS, or when Linux refuses a forwarded mmap or
 * mremap for want of address space, it gives its free and reserved pages
 * back to Linux (munmap; gone) and, for the refused call, asks once more.
 * Many HRT CPUs do so at once under one lock per heap, never held across
 * a forwarded call or a fault on the program's memory. A natively
 * unmapped range below 2 MiB stays mapped read-write by Linux (it does not
 * fault). After fork the
 * child runs natively with a private copy of the heap as ordinary memory:
 * its own mmap and brk are Linux's (its break stays heap_brk, so brk cannot
 * grow there, and malloc falls back to mmap). A change Linux makes to the
 * heap for code running on Linux in the same address space (a vfork child
 * before it execs) is not seen by the HRT.
 *
 * Multiplexing. A call waiting for Linux does not hold its CPU: the CPU
 * parks it (its registers and its kernel stack) and runs other calls posted
 * to it, resuming the parked one when Linux publishes HVM_SLOT_RESUMED and
 * kicks (see Kicks). So a program may have more threads (calls) than HRT CPUs. A call
 * whose code computes while other calls of its CPU are ready is preempted
 * when its time slice ends and goes on later where it was; its slot stays
 * HVM_SLOT_RUNNING meanwhile (hvm-kernel's kernel/preempt.c).
 *
 * Kicks. A CPU with nothing to run but calls waiting for Linux polls its
 * slots for a while before it halts (hvm-kernel's kernel/idle.c): while it
 * does, it keeps core.polling = 1 and needs no interrupt to see a slot
 * POSTED or RESUMED. Linux, after it published such a state (and, for a
 * post, bumped core.post_seq), does a full fence and reads core.polling:
 * 0 sends HVM_VECTOR_KICK, 1 sends nothing. The CPU, to stop polling,
 * publishes core.polling = 0, does a full fence and looks at its slots
 * once more before it halts or runs a thread; so either Linux sees 0 and
 * kicks, or the CPU sees the state (a Dekker handshake: no wake-up is
 * lost). Signals, mailbox commands, shootdowns and aborts always send
 * their interrupt. Linux bounds the polling with boot_info.poll_max_us.
 *
 * Stage times. For the benchmarks and profiles, the HRT stamps each
 * forwarded request's slot_times (TSC): posted just before it publishes
 * HVM_SLOT_FORWARD, running when the thread runs again after
 * HVM_SLOT_RESUMED. hvm.ko adds its own stamps and reports the stages per
 * process (hvm/ioctl.h, struct hvm_profile_request); the HRT's are
 * statistics only, never acted on.
 *
 * Threads. When a call forwards a system call that creates a task (clone,
 * clone3, fork, vfork), the HRT also writes the caller's registers at the
 * `syscall` instruction into the slot's struct hvm_regs (rip = the
 * instruction after it, rsp = the program's stack pointer, rflags, fs_base,
 * regs[] in crash-record order). A call posted with func ==
 * HVM_FUNC_FROM_REGS does not call a function: it starts by loading every
 * register from its slot's struct hvm_regs, which Linux wrote, and jumps to
 * rip (a clone child goes on after its `syscall` with rax = 0 on its new
 * stack; x87/SSE/AVX state starts at its defaults). Such a call never returns:
 * it ends when its thread exits, by Linux cancelling it (an abort).
 *
 * Signals. Before it publishes a slot POSTED, Linux writes into
 * sigring[slot] the lower-half address of the posting thread's signal ring
 * (0: none); hvm/signal.h says how the program's handlers run on the
 * call's thread. Each time the partner queued a signal there (HVM_IOC_SIGNAL),
 * Linux publishes sigkicks[slot] + 1 before it kicks the call's CPU, so a
 * thread parked in a native system call (a sleep, a futex wait) is woken
 * without the HRT reading the ring of a space it is not in.
 *
 * Futexes and thread exit. With futex in the policy, the HRT serves the
 * process-private futex operations of the process's threads (wait, wake,
 * requeue, bitsets, timeouts on the clock of hvm/clock.h) among its CPUs;
 * Linux makes the shared ones (no FUTEX_PRIVATE_FLAG), the ones the HRT
 * does not port, and timed waits while the HRT cannot read the clock;
 * while such a private wait runs on Linux the HRT has Linux repeat every
 * private wake and requeue of the process. A thread sleeping in a native
 * wait also wakes when sigkicks[slot] moves, and ends the wait with
 * -EINTR if its ring holds a signal (Signals).
 * Linux keys a private and a shared futex on the same word apart, and the
 * wakes Linux makes itself (clear_child_tid at a thread's exit, robust
 * lists) are shared ones, so none is lost by the split. At a thread's exit
 * (SYS_exit forwarded) the partner cancels the call, so the HRT no longer
 * runs the thread, and then exits on Linux, where Linux clears the
 * thread's clear_child_tid word and wakes it (shared), after the thread
 * left the program's stack, as it would natively. The word is the one the
 * partner was cloned with (the program's CLONE_CHILD_CLEARTID ctid) or,
 * for the main thread, the one musl set at startup on Linux, unless the
 * program called set_tid_address on the HRT (with set_tid_address in the
 * policy): the HRT then keeps the address for the running call (and
 * answers prctl(PR_GET_TID_ADDRESS) from it) and its forwarded exit
 * carries args[1] = HVM_EXIT_TID_ADDRESS, args[2] = the address; the
 * partner adopts it with set_tid_address on itself just before it exits.
 * The HRT writes 0 in args[1..5] of every other forwarded exit.
 */
#ifndef HVM_CALL_H
#define HVM_CALL_H

#include "boot.h"

#define HVM_SPACE_OFFSET 0x040000ULL
#define HVM_SPACE_SIZE 0x001000ULL
#define HVM_MAX_SPACES 16
#define HVM_CORE_OFFSET 0x050000ULL
#define HVM_SLOT_OFFSET 0x060000ULL
#define HVM_MAX_SLOTS 256
#define HVM_FORWARD_OFFSET 0x064000ULL
#define HVM_REGS_OFFSET 0x068000ULL
#define HVM_REGS_SIZE 0x0000a0ULL
#define HVM_SLOT_TIMES_OFFSET 0x072000ULL
#define HVM_SLOT_TID_OFFSET 0x07f000ULL
#define HVM_SLOT_SIGRING_OFFSET 0x07f400ULL
#define HVM_SLOT_SIGKICKS_OFFSET 0x07fc00ULL
#define HVM_SLOT_FAULT_OFFSET 0x080000ULL

#define HVM_VECTOR_SYNC 0xf1u /* shootdown and abort requests */

#define HVM_LOWER_PML4_ENTRIES 256
/* The end of the lower half (4-level paging): the program's addresses lie below it. */
#define HVM_LOWER_HALF_END 0x0000800000000000ULL

/* System call numbers a native policy can name: bit n of native[] is call n. */
#define HVM_NR_SYSCALLS 512
#define HVM_NATIVE_WORDS (HVM_NR_SYSCALLS / 64)
#define HVM_UTS_LEN 65 /* Linux's __NEW_UTS_LEN + 1 */

/* struct utsname as uname(2) fills it on x86-64. */
struct hvm_uts {
	char sysname[HVM_UTS_LEN];
	char nodename[HVM_UTS_LEN];
	char release[HVM_UTS_LEN];
	char version[HVM_UTS_LEN];
	char machine[HVM_UTS_LEN];
	char domainname[HVM_UTS_LEN];
};

/* A merged address space. Linux writes everything, all but state and generation before LIVE. */
struct hvm_space {
	__u32 state; /* HVM_SPACE_* */
	__u32 generation; /* published after pml4[] changed */
	__u64 cpus; /* the process's HRT CPUs, bit n = CPU n: see Native system calls */
	__u32 flags; /* HVM_SPACE_TRACE: see Tracing */
	__u32 pad1;
	__u64 reserved[5];
	__u64 pml4[HVM_LOWER_PML4_ENTRIES];
	__u64 native[HVM_NATIVE_WORDS]; /* the process's policy: see Native system calls */
	__u32 tgid; /* getpid() */
	__u32 ppid; /* getppid() at merge */
	struct hvm_uts uts; /* uname() at merge */
	__u8 pad0[2];
	/* The process's HRT heap (see Memory calls), written at merge; 0 when it has none. */
	__u64 heap_start; /* page-aligned lower-half address */
	__u64 heap_end; /* page-aligned, above heap_start */
	__u64 heap_brk; /* the program break at merge (heap_start is its page), 0: brk forwarded */
	__u64 merge_seq; /* unique per merge since hvm.ko loaded, never 0 */
};

#define HVM_SPACE_TRACE (1u << 0) /* flags: trace notes after natively served calls */
#define HVM_SPACE_FLAGS_KNOWN HVM_SPACE_TRACE

#define HVM_SPACE_FREE 0u
#define HVM_SPACE_LIVE 1u
#define HVM_SPACE_DEAD 2u /* the process is going away: do not enter */

/* Per HRT CPU: what it runs in, and Linux's synchronous requests to it. */
struct hvm_core {
	__u32 space; /* HRT publishes: space id + 1 it runs in, 0 none */
	__u32 shoot_seq; /* Linux publishes after shoot_space */
	__u32 shoot_space; /* Linux: space id + 1 to flush */
	__u32 shoot_ack; /* HRT publishes = shoot_seq when flushed */
	__u32 abort_seq; /* Linux publishes after abort_slot */
	__u32 abort_slot; /* Linux: slot index whose call must stop */
	__u32 abort_ack; /* HRT publishes = abort_seq when handled */
	__u32 slot; /* HRT: slot index + 1 it runs now, 0 none */
	__u64 calls; /* HRT: calls completed (statistics) */
	__u64 shootdowns; /* HRT: shootdowns handled (statistics) */
	__u32 polling; /* HRT publishes: 1 while it polls its slots (see Kicks) */
	__u32 post_seq; /* Linux publishes: bumped after each post to this CPU */
	__u64 poll_hits; /* HRT: polls that found work before halting (statistics) */
};

/* One call. Linux writes the request fields, the HRT the result fields. */
struct hvm_call_slot {
	__u32 state; /* HVM_SLOT_*: see the protocol above */
	__u32 seq; /* Linux: bumped on every post */
	__u32 cpu; /* Linux: target HRT CPU index */
	__u32 space; /* Linux: space id */
	__u64 func; /* Linux: long (*)(long), lower half */
	__u64 arg; /* Linux */
	__u64 stack_top; /* Linux: lower half, 16-byte aligned */
	__u64 fs_base; /* Linux: FS base for the call, 0 to leave it */
	__u64 result; /* HRT: func's return value */
	__u32 waiter; /* Linux: 1 = a thread sleeps, ring the doorbell */
	__u32 state_seq; /* HRT: seq of the call its published state belongs to */
};

#define HVM_SLOT_FREE 0u
#define HVM_SLOT_POSTED 1u /* Linux */
#define HVM_SLOT_RUNNING 2u /* HRT */
#define HVM_SLOT_DONE 3u /* HRT */
#define HVM_SLOT_FAULTED 4u /* HRT: the slot's crash record says why */
#define HVM_SLOT_ABORTED 5u /* HRT: stopped on Linux's request */
#define HVM_SLOT_FORWARD 6u /* HRT: waits for Linux to serve forward[] */
#define HVM_SLOT_RESUMED 7u /* Linux: forward.ret is written, go on */

/* A request a running call makes of Linux (one per slot). */
struct hvm_forward {
	__u64 nr; /* HRT: system call number, or HVM_FORWARD_FAULT */
	__u64 args[6]; /* HRT: its arguments; a fault: address, error code */
	__u64 ret; /* Linux: raw result, -errno on failure */
};

#define HVM_FORWARD_FAULT (~0ULL)
#define HVM_FORWARD_TRACE (~1ULL) /* see Tracing */

/* A forwarded request's stage stamps (see Stage times). The HRT writes them. */
struct hvm_slot_times {
	__u64 posted; /* HRT: TSC just before it published HVM_SLOT_FORWARD */
	__u64 running; /* HRT: TSC when the thread ran again after HVM_SLOT_RESUMED */
	__u64 reserved[6];
};

/*
 * The x86-64 Linux system calls that create a task, whose forward carries
 * the caller's registers in the slot's struct hvm_regs (see Threads). The
 * numbers are Linux's (its x86-64 ABI never renumbers a call); hvm-kernel
 * checks them against the guest kernel's headers at build time.
 */
#define HVM_NR_CLONE 56
#define HVM_NR_FORK 57
#define HVM_NR_VFORK 58
#define HVM_NR_CLONE3 435

/* Whether a forward's struct hvm_regs is filled: task creation (Threads) and trace notes (Tracing). */
static inline int hvm_forward_carries_regs(__u64 nr)
{
	return nr == HVM_NR_CLONE || nr == HVM_NR_FORK || nr == HVM_NR_VFORK ||
	       nr == HVM_NR_CLONE3 || nr == HVM_FORWARD_TRACE;
}

/* Whether policy @native (struct hvm_space.native) serves system call @nr on the HRT. */
static inline int hvm_native_serves(const __u64 native[HVM_NATIVE_WORDS], __u64 nr)
{
	return nr < HVM_NR_SYSCALLS && ((native[nr / 64] >> (nr % 64)) & 1);
}

/* Make policy @native serve system call @nr on the HRT (@on) or forward it to Linux. */
static inline void hvm_native_set(__u64 native[HVM_NATIVE_WORDS], __u64 nr, int on)
{
	if (nr >= HVM_NR_SYSCALLS)
		return;
	if (on)
		native[nr / 64] |= 1ull << (nr % 64);
	else
		native[nr / 64] &= ~(1ull << (nr % 64));
}

/* The CPU set of the first @n CPUs (bits 0 .. n-1): all HRT CPUs, or all program CPUs. */
static inline __u64 hvm_cpus_first(unsigned int n)
{
	return n >= 64 ? ~0ull : (1ull << n) - 1;
}

/* A thread's registers: HRT -> Linux at a task-creating call, Linux -> HRT to start one. */
struct hvm_regs {
	__u64 regs[HVM_CRASH_NR_REGS]; /* rax rbx rcx rdx rsi rdi rbp r8 .. r15 */
	__u64 rip;
	__u64 rsp;
	__u64 rflags;
	__u64 fs_base;
	__u64 reserved;
};

#define HVM_FUNC_FROM_REGS 1ULL /* slot.func: start from the slot's struct hvm_regs */

/* A forwarded exit's args[1]: args[2] is the thread's clear_child_tid address (Threads). */
#define HVM_EXIT_TID_ADDRESS 0x7469645f61646472ULL /* "tid_addr" */

_Static_assert(sizeof(struct hvm_space) <= HVM_SPACE_SIZE, "hvm_space fits its page");
_Static_assert(HVM_SPACE_OFFSET + HVM_SPACE_SIZE * HVM_MAX_SPACES <= HVM_CORE_OFFSET,
	       "spaces fit their area");
_Static_assert(sizeof(struct hvm_core) == 64, "hvm_core is one cache line");
_Static_assert(HVM_CORE_OFFSET + 64 * HVM_MAX_CPUS <= HVM_SLOT_OFFSET, "cores fit their area");
_Static_assert(sizeof(struct hvm_call_slot) == 64, "hvm_call_slot is one cache line");
_Static_assert(HVM_SLOT_OFFSET + 64 * HVM_MAX_SLOTS <= HVM_FORWARD_OFFSET, "slots fit their area");
_Static_assert(sizeof(struct hvm_forward) == 64, "hvm_forward is one cache line");
_Static_assert(HVM_FORWARD_OFFSET + 64 * HVM_MAX_SLOTS <= HVM_REGS_OFFSET,
	       "forward records fit their area");
_Static_assert(sizeof(struct hvm_regs) == HVM_REGS_SIZE, "hvm_regs layout");
/* Assembly (multiverse-rt/lib/mv_resume.S, hvm-kernel) depends on these offsets. */
_Static_assert(__builtin_offsetof(struct hvm_regs, rip) == 0x78, "hvm_regs.rip at 0x78");
_Static_assert(__builtin_offsetof(struct hvm_regs, rsp) == 0x80, "hvm_regs.rsp at 0x80");
_Static_assert(__builtin_offsetof(struct hvm_regs, fs_base) == 0x90, "hvm_regs.fs_base at 0x90");
_Static_assert(HVM_REGS_OFFSET + HVM_REGS_SIZE * HVM_MAX_SLOTS <= HVM_SLOT_FAULT_OFFSET,
	       "register blocks fit their area");
_Static_assert(sizeof(struct hvm_slot_times) == 64, "hvm_slot_times is one cache line");
_Static_assert(HVM_REGS_OFFSET + HVM_REGS_SIZE * HVM_MAX_SLOTS <= HVM_SLOT_TIMES_OFFSET &&
		       HVM_SLOT_TIMES_OFFSET + 64 * HVM_MAX_SLOTS <= HVM_SLOT_TID_OFFSET,
	       "slot stage stamps fit their area");
_Static_assert(HVM_REGS_OFFSET + HVM_REGS_SIZE * HVM_MAX_SLOTS <= HVM_SLOT_TID_OFFSET &&
		       HVM_SLOT_TID_OFFSET + 4 * HVM_MAX_SLOTS <= HVM_SLOT_FAULT_OFFSET,
	       "slot tids fit their area");
_Static_assert(HVM_SLOT_TID_OFFSET + 4 * HVM_MAX_SLOTS <= HVM_SLOT_SIGRING_OFFSET &&
		       HVM_SLOT_SIGRING_OFFSET + 8 * HVM_MAX_SLOTS <= HVM_SLOT_SIGKICKS_OFFSET &&
		       HVM_SLOT_SIGKICKS_OFFSET + 4 * HVM_MAX_SLOTS <= HVM_SLOT_FAULT_OFFSET,
	       "slot signal rings and kick counts fit their area");
_Static_assert(sizeof(struct hvm_uts) == 390, "hvm_uts is struct utsname");
_Static_assert(__builtin_offsetof(struct hvm_space, native) == 8 + 8 * (7 + HVM_LOWER_PML4_ENTRIES),
	       "hvm_space.native after pml4[]");
_Static_assert(__builtin_offsetof(struct hvm_space, heap_start) % 8 == 0,
	       "hvm_space.heap_start aligned");
_Static_assert(HVM_SLOT_FAULT_OFFSET + HVM_CRASH_SLOT_SIZE * HVM_MAX_SLOTS <= HVM_LOG_OFFSET,
	       "slot fault records fit their area");

/*
 * Accessors: where each per-space, per-CPU and per-slot record lies in the
 * partition. @part is the partition's first byte as the caller maps it
 * (hvm.ko's mapping of the HRT memory, hvm-kernel's KERNEL_VBASE); the
 * index is the caller's to bound (< HVM_MAX_SPACES, HVM_MAX_CPUS,
 * HVM_MAX_SLOTS): every side checks an index it read from shared memory
 * before it passes it here.
 */
static inline struct hvm_space *hvm_space_at(void *part, __u32 id)
{
	return (struct hvm_space *)((char *)part + HVM_SPACE_OFFSET + id * HVM_SPACE_SIZE);
}

static inline struct hvm_core *hvm_core_at(void *part, __u32 cpu)
{
	return (struct hvm_core *)((char *)part + HVM_CORE_OFFSET) + cpu;
}

static inline struct hvm_call_slot *hvm_slot(void *part, __u32 i)
{
	return (struct hvm_call_slot *)((char *)part + HVM_SLOT_OFFSET) + i;
}

static inline struct hvm_forward *hvm_slot_forward(void *part, __u32 i)
{
	return (struct hvm_forward *)((char *)part + HVM_FORWARD_OFFSET) + i;
}

static inline struct hvm_slot_times *hvm_slot_times(void *part, __u32 i)
{
	return (struct hvm_slot_times *)((char *)part + HVM_SLOT_TIMES_OFFSET) + i;
}

static inline struct hvm_regs *hvm_slot_regs(void *part, __u32 i)
{
	return (struct hvm_regs *)((char *)part + HVM_REGS_OFFSET) + i;
}

/* The posting thread's tid (see Native system calls). */
static inline __u32 *hvm_slot_tid(void *part, __u32 i)
{
	return (__u32 *)((char *)part + HVM_SLOT_TID_OFFSET) + i;
}

/* The lower-half address of the posting thread's signal ring, 0: none (see Signals). */
static inline __u64 *hvm_slot_sigring(void *part, __u32 i)
{
	return (__u64 *)((char *)part + HVM_SLOT_SIGRING_OFFSET) + i;
}

/* Signals queued for the slot's call, a count Linux bumps (see Signals). */
static inline __u32 *hvm_slot_sigkicks(void *part, __u32 i)
{
	return (__u32 *)((char *)part + HVM_SLOT_SIGKICKS_OFFSET) + i;
}

/* The crash record of the slot's call (valid when it ended HVM_SLOT_FAULTED). */
static inline struct hvm_crash_record *hvm_slot_crash(void *part, __u32 i)
{
	return (struct hvm_crash_record *)((char *)part + HVM_SLOT_FAULT_OFFSET +
					   i * HVM_CRASH_SLOT_SIZE);
}

#endif /* HVM_CALL_H */
