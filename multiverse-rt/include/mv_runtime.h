/* SPDX-License-Identifier: MIT */
/* multiverse-rt internals shared by its files (all hidden from the program). */
#ifndef MV_RUNTIME_H
#define MV_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>

#include <hvm/ioctl.h>

#include "hvm_dev.h"

/* A number macro (HVM_MAX_SLOTS) as a string literal, for messages. */
#define MV_STR_(x) #x
#define MV_STR(x) MV_STR_(x)

/* The merged /dev/hvm descriptor (after hrt_merge). */
MV_HIDDEN int mv_hrt_fd(void);
/* Make the system call a program's HRT thread forwarded (req->forward); its raw result. */
MV_HIDDEN long mv_forward_syscall(const struct hvm_call_request *req);
/* A raw system call: no errno, no TLS. */
MV_HIDDEN long mv_raw_syscall(long nr, long a, long b, long c, long d, long e, long f);
/* At exit: the system-call profile, if HVM_PROFILE (HVM_STATS) or HVM_PROFILE_SVG asks (once). */
MV_HIDDEN void mv_profile_report(void);
/* Forwarded futex calls by operation (futex_stats.c), counted and reported with the profile. */
MV_HIDDEN void mv_futex_stats_count(const struct hvm_forward *fw);
MV_HIDDEN void mv_futex_stats_report(void);
/* A line of a report on stderr, by raw write(2) (futex_stats.c). */
MV_HIDDEN void mv_stats_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Post req (HVM_IOC_CALL) or wait for it (HVM_IOC_WAIT); serve its forwarded calls until it ends. */
MV_HIDDEN int mv_call_loop(unsigned long cmd, struct hvm_call_request *req);
/*
 * A partner (main or a thread start): post req, its signals relayed to the
 * call from now on (0 or the -errno of the post, then nothing is left
 * behind); then serve it until it ends.
 */
MV_HIDDEN int mv_partner_post(struct hvm_call_request *req);
MV_HIDDEN int mv_partner_serve(struct hvm_call_request *req);
/*
 * Run req as the program's first thread on the HRT, this thread its partner
 * (hybrid.c); @what names it in messages. Its result if it returns.
 */
MV_HIDDEN long mv_hybrid_run(struct hvm_call_request *req, const char *what);
/* Whether this process may use the HRT; false (said once on stderr): run natively. */
MV_HIDDEN bool mv_hrt_permitted(const char *hvm_hybrid);
/*
 * The process's HRT CPUs (cpus.c): the set HVM_CPUS asks for (0: every CPU;
 * -errno with mv_dev_error() saying why), parsed against @nr_cpus by
 * mv_cpus_parse(); what the merge gave, with the policy, for the partner's
 * answers; a forwarded open(at) of a CPU file of /sys/devices/system/cpu
 * (online, possible, a CPU's topology) answered from it, or
 * MV_CPUS_NOT_OURS for every other open.
 */
MV_HIDDEN int mv_cpus_wanted(int fd, __u64 *cpus);
MV_HIDDEN int mv_cpus_parse(const char *list, unsigned int nr_cpus, __u64 *cpus, char *why,
			    size_t len);
MV_HIDDEN void mv_cpus_merged(const __u64 native[HVM_NATIVE_WORDS], __u64 cpus);
#define MV_CPUS_NOT_OURS (-0x7fffffffffffffffL - 1)
MV_HIDDEN long mv_cpus_open(long nr, const long args[6]);
/* The HRT CPU of program CPU @program_cpu (getcpu's numbering), or -1 without that view. */
MV_HIDDEN int mv_cpus_hrt_cpu(int program_cpu);
/* clone() of a thread made on the HRT: a partner thread and a new HRT thread. */
MV_HIDDEN long mv_clone_thread(const struct hvm_call_request *parent);
/* A program thread crashed on the HRT: report it and end the process with SIGSEGV. */
MV_HIDDEN _Noreturn void mv_crash(const struct hvm_crash_record *f);
/* Boot hvm-kernel when none runs (embedded or default image), unless HVM_AUTOBOOT=0. */
MV_HIDDEN void mv_autoboot(void);
/* The native system-call policy HVM_NATIVE asks for (native.c); -EINVAL and why if malformed. */
MV_HIDDEN int mv_native_policy(__u64 native[HVM_NATIVE_WORDS], char *why, size_t len);
/* Signals (signal.c): the calling partner's ring for req->sigring, 0 if none; forget it. */
MV_HIDDEN unsigned long long mv_signal_attach(const struct hvm_call_request *call);
MV_HIDDEN void mv_signal_detach(void);
/* rt_sigaction from the HRT, args as forwarded: the program's handlers run on the HRT. */
MV_HIDDEN long mv_signal_action(const long args[6]);
/* A forwarded call is made with the HRT thread's mask (hvm/signal.h, Masks); its rt_sigprocmask. */
MV_HIDDEN bool mv_signal_forward_begin(const struct hvm_call_request *call);
MV_HIDDEN void mv_signal_forward_end(const struct hvm_call_request *call);
MV_HIDDEN long mv_signal_mask(const struct hvm_call_request *call, const long args[6]);
/* execve from the HRT: through hvm-exec when its environment holds HVM_EXEC_CHILDREN=PATH. */
#define MV_EXEC_CHILDREN_VAR "HVM_EXEC_CHILDREN="
MV_HIDDEN long mv_exec_child(const long args[6]);
/* A forwarded call a signal queued before it started cancels (mv_syscall_cp.S). */
MV_HIDDEN long mv_syscall_cp(long nr, const long args[6]);
/* Before main moves to the HRT: its handlers installed so far are relayed too. */
MV_HIDDEN void mv_signal_adopt(void);
/* A child going on natively: the program's own signal actions back on Linux. */
MV_HIDDEN void mv_signal_native_again(void);
/* The memory calls are native together or not at all, and not without a heap (heap.c). */
MV_HIDDEN int mv_heap_policy(__u64 native[HVM_NATIVE_WORDS], char *why, size_t len);
/* Reserve the HRT heap into @req when the policy serves mmap; 0 or -errno (mv_dev_error() says why). */
MV_HIDDEN int mv_heap_reserve(const __u64 native[HVM_NATIVE_WORDS], struct hvm_merge_request *req);
/* Give the heap back after a failed merge. */
MV_HIDDEN void mv_heap_unreserve(const struct hvm_merge_request *req);
/* Say why multiverse-rt cannot go on, on stderr, and end the process. */
MV_HIDDEN _Noreturn void mv_die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* What ("main", "a thread") ended on the HRT with err < 0: say why (mv_die). */
MV_HIDDEN _Noreturn void mv_stopped(const char *what, int err);
/* One line on stderr, "multiverse-rt: " first; the process goes on. */
MV_HIDDEN void mv_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Why posting a call failed (-errno of HVM_IOC_CALL), naming the limit and its setting. */
MV_HIDDEN const char *mv_post_failure(int err);
/* HVM_TRACE (trace.c): at merge, the trace's file and HVM_SPACE_TRACE into @space_flags; 0 or -errno. */
MV_HIDDEN int mv_trace_open(__u32 *space_flags);
/* Whether this process traces its system calls. */
MV_HIDDEN int mv_tracing(void);
/* A trace note of a call hvm-kernel served: its line. */
MV_HIDDEN void mv_trace_native(const struct hvm_call_request *req);
/* CLOCK_MONOTONIC in ns when tracing (a forwarded call's start), else 0. */
MV_HIDDEN unsigned long mv_trace_now(void);
/* Before a forwarded call is made: the line of one that does not come back (exit, execve). */
MV_HIDDEN void mv_trace_before(const struct hvm_forward *fw);
/* After it was made: its line, with Linux's time since @start_ns. */
MV_HIDDEN void mv_trace_forwarded(const struct hvm_forward *fw, long ret, unsigned long start_ns);
/* A new process does not use its parent's space: drop the inherited descriptor (hrt_call.c). */
MV_HIDDEN void mv_hrt_leave(unsigned long clone_flags);

#endif /* MV_RUNTIME_H */
