/* SPDX-License-Identifier: GPL-2.0 */
/* Private interfaces between the files of hvm.ko. */
#ifndef HVM_MODULE_H
#define HVM_MODULE_H

#include <linux/cpumask.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <hvm/barrier.h>
#include <hvm/boot.h>
#include <hvm/call.h>
#include <hvm/ioctl.h>
#include <hvm/profile.h>

#include "hvm_elf.h"

/*
 * The partition as given by the module parameters (which the domain XML's
 * kernel command line sets) and verified against the firmware memory map
 * and /proc/iomem at load time. Written once in hvm_partition_init(), read
 * only afterwards.
 */
struct hvm_partition {
	phys_addr_t trampoline; /* one page below 1 MiB */
	phys_addr_t mem_base; /* HRT memory */
	u64 mem_size;
	cpumask_t hrt_cpus; /* Linux CPU numbers of the HRT vCPUs */
};

extern struct hvm_partition hvm_partition;

int hvm_partition_init(const char *hrt_cpus, const char *hrt_mem, unsigned long trampoline);
void hvm_partition_describe(struct hvm_partition_info *info);

/* cpus.c: owning the HRT vCPUs while the module is loaded. */
int hvm_cpus_take(void);
void hvm_cpus_give_back(void);

/*
 * The specialized kernel as hvm.ko drives it. Everything under @lock
 * except where a field says otherwise; the HRT writes only inside the
 * partition (@part), never here.
 */
struct hvm_hrt {
	struct mutex lock; /* boot, halt, commands, crash collection */
	void *part; /* the partition, mapped write-back */
	void *tramp; /* the trampoline page, mapped write-back */
	u32 state; /* HVM_HRT_*; read without the lock by status */
	u32 generation; /* boots since load */
	u32 nr_cpus;
	u32 apic_id[HVM_MAX_CPUS];
	u32 linux_cpu[HVM_MAX_CPUS];
	u32 mbox_seq[HVM_MAX_CPUS]; /* last command sequence sent to each CPU */
	void *image; /* the last valid image (vmalloc), for reboot */
	u64 image_size;
	u64 image_hash;
	struct hvm_elf_image layout; /* its checked segments */
	char image_name[HVM_NAME_LEN];
	u64 boot_time_ns;
	ktime_t up_since;
	char error[HVM_ERROR_LEN]; /* the last failure, for status */
	struct delayed_work watch; /* looks for crashed CPUs while running */
	struct hvm_crash_record crash; /* validated copy of the last crash */
	bool crash_available;
	u32 crash_generation;
	u64 crash_image_hash;
	u32 crashed_cpu;
};

extern struct hvm_hrt hvm_hrt;
extern bool hvm_test_hooks;

/* Views of the shared areas inside the partition (boot.h). */
static inline struct hvm_boot_info *hrt_boot_info(void)
{
	return hvm_hrt.part + HVM_BOOT_INFO_OFFSET;
}

static inline struct hvm_mailbox *hrt_mailbox(unsigned int cpu)
{
	return hvm_mailbox_at(hvm_hrt.part, cpu);
}

static inline struct hvm_crash_record *hrt_crash_slot(unsigned int cpu)
{
	return hvm_cpu_crash(hvm_hrt.part, cpu);
}

static inline struct hvm_log_ring *hrt_log_ring(void)
{
	return hvm_hrt.part + HVM_LOG_OFFSET;
}

#define HRT_LOG_DATA_SIZE (HVM_LOG_AREA_SIZE - sizeof(struct hvm_log_ring))

/* hrt.c: the state machine; command.c: mailbox commands. */
int hvm_hrt_init(void);
void hvm_hrt_exit(void);
int hvm_hrt_boot(const void __user *image, u64 size, const char *name, u32 flags, char *error);
int hvm_hrt_halt(void);
void hvm_hrt_status(struct hvm_status *st);
int hvm_hrt_get_crash(struct hvm_crash_info *info);
int hvm_hrt_ping(struct hvm_ping *ping);
int hvm_hrt_test_crash(u32 cpu, u32 kind);
int hvm_hrt_command(unsigned int cpu, u32 cmd, u64 arg, u64 *value);
bool hvm_hrt_check_crash(void);
int hvm_hrt_crashed_cpu(void);

/* image.c: checking and loading an image into the partition. */
int hvm_image_fetch(const void __user *uimage, u64 size, void **image, struct hvm_elf_image *layout,
		    char *error);
void hvm_image_load(const void *image, const struct hvm_elf_image *layout);
u64 hvm_image_hash(const void *image, u64 size);

/* boot.c: starting and stopping the HRT CPUs. */
void hvm_boot_prepare(const struct hvm_elf_image *layout);
int hvm_boot_cpus(char *error);
void hvm_boot_stop_cpus(bool keep_crashed);

/* trampoline.c: the real-mode page HRT CPUs start in. */
void hvm_trampoline_install(u64 boot_cr3, u64 entry, u64 boot_info_va);
void hvm_trampoline_set_cpu(u32 index);
bool hvm_trampoline_fault(u32 *vector, u64 *rip);
void hvm_trampoline_park(void);
u32 hvm_trampoline_parked(void);

/* ipi.c: INIT, STARTUP, kick and vector IPIs to HRT CPUs. */
void hvm_send_init(u32 apic_id);
void hvm_send_startup(u32 apic_id);
void hvm_send_ipi(u32 apic_id, u32 vector);
void hvm_send_kick(u32 apic_id);

/* kick.c: Linux -> HRT wake-ups for posted and answered calls, skipped for a polling CPU. */
void hvm_kick_publish_poll(void);
void hvm_kick_posted(unsigned int cpu);
void hvm_kick_wake(unsigned int cpu);
u64 hvm_kicks_sent(void);
u64 hvm_kicks_skipped(void);

/* doorbell.c: the HRT -> Linux interrupt. */
int hvm_doorbell_init(void);
void hvm_doorbell_exit(void);
void hvm_doorbell_target(u32 *vector, u32 *apic_id);
u64 hvm_doorbell_count(void);

/* One open /dev/hvm: its merged space and its asynchronous calls. */
struct hvm_space_ctx;
struct hvm_file {
	struct mutex lock; /* merge */
	struct hvm_space_ctx *space; /* NULL until HVM_IOC_MERGE */
	struct xarray pending; /* ticket -> struct hvm_pending */
};

/* core.c: shootdown and abort requests to one HRT CPU; CPUs stopped with INIT. */
void hvm_cores_init(void);
void hvm_cores_reset(void);
void hvm_core_shootdown(unsigned int cpu, unsigned int id);
bool hvm_core_abort(unsigned int cpu, unsigned int slot);
void hvm_core_stop(unsigned int cpu);
bool hvm_core_is_lost(unsigned int cpu);
unsigned int hvm_cores_lost(void);
u64 hvm_cores_inits_sent(void);

/* space.c: merged address spaces, MMU notifier, shootdowns. */
struct hvm_space_ctx *hvm_space_merge(const struct hvm_merge_request *req);
int hvm_space_merge_again(const struct hvm_space_ctx *ctx);
void hvm_space_put(struct hvm_space_ctx *ctx);
int hvm_space_prepare(struct hvm_space_ctx *ctx);
unsigned int hvm_space_id(const struct hvm_space_ctx *ctx);
u64 hvm_space_cpus(const struct hvm_space_ctx *ctx);
u32 hvm_space_tgid(const struct hvm_space_ctx *ctx);
unsigned int hvm_spaces_count(void);
/* The call slots a space holds, within its share (call_slot.c counts them). */
bool hvm_space_slot_get(struct hvm_space_ctx *ctx, unsigned int share);
void hvm_space_slot_put(struct hvm_space_ctx *ctx);
void hvm_spaces_republish(void);
int hvm_space_fault(struct hvm_space_ctx *ctx, u64 addr, u64 error_code);
struct mm_struct;
void hvm_space_add_stages(struct hvm_space_ctx *ctx, const u64 ticks[HVM_FORWARD_STAGES]);
int hvm_space_read_profile(struct mm_struct *mm, struct hvm_profile_request *req,
			   struct hvm_profile_entry *out);

/* profile.c: system-call profiles (hvm/profile.h). */
void hvm_profile_reset(unsigned int id);
void hvm_profile_copy(unsigned int id, struct hvm_profile_entry *out);
long hvm_profile_get(struct hvm_profile_request *req);

/* heap.c: the HRT heap a merging process names (hvm/call.h, Memory calls). */
int hvm_heap_check(const struct hvm_merge_request *req);
u64 hvm_heap_next_seq(void);

/* call.c: ROS -> HRT calls, the ioctls (the protocol's files: hvm_call.h). */
long hvm_call(struct hvm_file *f, struct hvm_call_request *req);
long hvm_call_wait(struct hvm_file *f, struct hvm_call_request *req);
long hvm_call_resume(struct hvm_file *f, struct hvm_call_request *req);
long hvm_call_answer(struct hvm_file *f, struct hvm_answer *a);
long hvm_call_cancel(struct hvm_file *f, struct hvm_call_request *req);
long hvm_call_signal(struct hvm_file *f, struct hvm_call_request *req);
void hvm_calls_release(struct hvm_file *f);
long hvm_threads_list(struct hvm_threads_request *req);
unsigned int hvm_tickets_count(void);

/* call_slot.c: what the rest of hvm.ko asks of the calls in flight. */
void hvm_calls_init(void);
void hvm_calls_abort_space(unsigned int space);
unsigned int hvm_slots_busy(void);
void hvm_calls_wake(void);
void hvm_calls_wake_news(void);
void hvm_calls_reset(void);
void hvm_calls_block(void);
void hvm_calls_unblock(void);

/* clock.c: Linux's clocks for the HRT (hvm/clock.h). */
void hvm_clock_init(void);
void hvm_clock_exit(void);
void hvm_clock_boot_prepare(void);
void hvm_clock_boot_done(void);

/* counters.c: live objects for leak checks (hvm/ioctl.h, struct hvm_counters). */
struct attribute_group;
extern const struct attribute_group *hvm_attr_groups[];
void hvm_counters_read(struct hvm_counters *c);

/* log.c */
int hvm_log_read(struct hvm_log_read *req);

int hvm_device_register(void);
void hvm_device_unregister(void);

#endif /* HVM_MODULE_H */
