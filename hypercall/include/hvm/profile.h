/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * System-call profiles: for each merged address space and each system
 * call, how many calls hvm-kernel served itself ("native") and how many
 * Linux made for it ("forwarded"), and how long they took, in TSC ticks
 * of the HRT CPU that ran them.
 *
 * Area. Space id's profile is struct hvm_profile_entry[HVM_NR_SYSCALLS]
 * (entry n: system call n) at partition offset
 *     HVM_PROFILE_OFFSET + id * HVM_PROFILE_SPACE_SIZE
 * (16 spaces x 16 KiB at 0x1c0000-0x1fffff, between the log ring and the
 * kernel image; boot.h draws the whole map).
 *
 * Writers. Linux zeroes a space's area before it publishes the space LIVE
 * (at merge; a reboot of hvm-kernel zeroes the whole boot area anyway).
 * From then on only the HRT writes it: after each system call of a thread
 * of the space returned, its CPU adds 1 to the call's count and the ticks
 * it took to the call's ticks, with atomic adds (threads of one process
 * run on several HRT CPUs at once; the adds of two CPUs meet only on the
 * same call at the same moment). It measures
 *   - native: from entering hvm-kernel's handler to its return;
 *   - forwarded: the round trip as the HRT thread sees it, from just
 *     before it publishes HVM_SLOT_FORWARD to just after it took
 *     forward.ret (the thread is parked in between, its CPU runs others).
 * A call that never returns on the HRT (exit, exit_group, one aborted
 * while Linux served it) is not counted; neither is a number at or above
 * HVM_NR_SYSCALLS (Linux answers those with -ENOSYS).
 *
 * Time. Seconds = ticks / (tsc_khz * 1000), where tsc_khz is Linux's TSC
 * frequency, which hvm.ko writes into struct hvm_boot_info.tsc_khz at
 * every boot and returns with every profile (struct hvm_profile_request):
 * HRT and Linux CPUs are vCPUs of one VM and share one TSC. 0 means Linux
 * did not know it; a reader then reports ticks.
 *
 * Readers. Linux reads the counters live, as untrusted numbers: each field
 * once, no order between fields (a read during a call may see its count
 * before its ticks). They only grow while the space is merged.
 */
#ifndef HVM_PROFILE_H
#define HVM_PROFILE_H

#include "call.h"

#define HVM_PROFILE_OFFSET 0x1c0000ULL
#define HVM_PROFILE_SPACE_SIZE 0x004000ULL

/* One system call of one space. The HRT adds; Linux zeroes at merge. */
struct hvm_profile_entry {
	__u64 native_calls; /* served by hvm-kernel */
	__u64 native_ticks; /* TSC ticks inside its handler, summed */
	__u64 forwarded_calls; /* made by Linux and answered */
	__u64 forwarded_ticks; /* TSC ticks of their round trips, summed */
};

_Static_assert(sizeof(struct hvm_profile_entry) == 32, "hvm_profile_entry layout");
_Static_assert(sizeof(struct hvm_profile_entry) * HVM_NR_SYSCALLS <= HVM_PROFILE_SPACE_SIZE,
	       "a space's profile fits its area");
_Static_assert(HVM_LOG_OFFSET + HVM_LOG_AREA_SIZE <= HVM_PROFILE_OFFSET,
	       "profiles start after the log ring");
_Static_assert(HVM_PROFILE_OFFSET + HVM_PROFILE_SPACE_SIZE * HVM_MAX_SPACES <=
		       HVM_KERNEL_LINK_OFFSET,
	       "profiles end before the kernel image");

/* Space @id's profile, entry n for system call n (@part and @id as for hvm/call.h's accessors). */
static inline struct hvm_profile_entry *hvm_profile_at(void *part, __u32 id)
{
	return (struct hvm_profile_entry *)((char *)part + HVM_PROFILE_OFFSET +
					    id * HVM_PROFILE_SPACE_SIZE);
}

#endif /* HVM_PROFILE_H */
