// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The log ring (hvm/boot.h): text hvm-kernel writes and Linux reads with
 * 'hvmctl log'. hvm.ko initializes the header before every boot; if it did
 * not (wrong magic or an impossible size), CPU 0 does it here. This CPU
 * side is the only writer of head. Every message is copied to the early
 * console too, under the same lock, so neither output interleaves lines.
 */
#include <hvm/barrier.h>

#include "console.h"
#include "kernel.h"
#include "log.h"
#include "memlayout.h"
#include "spinlock.h"

#define LOG_DATA_MAX (HVM_LOG_AREA_SIZE - sizeof(struct hvm_log_ring))

/* Serializes writers: the ring's head and data, and the console. */
static struct spinlock log_lock;

static struct hvm_log_ring *log_ring(void)
{
	return PARTITION_PTR(HVM_LOG_OFFSET);
}

static bool log_header_ok(const struct hvm_log_ring *r)
{
	return r->magic == HVM_ABI_MAGIC && r->revision == HVM_ABI_REVISION && r->size &&
	       r->size <= LOG_DATA_MAX;
}

/* CPU 0, before the first message. */
void log_init(void)
{
	struct hvm_log_ring *r = log_ring();

	if (log_header_ok(r))
		return;
	r->revision = HVM_ABI_REVISION;
	r->size = LOG_DATA_MAX;
	r->head = 0;
	hvm_publish(&r->magic, HVM_ABI_MAGIC);
}

/* Append len bytes of s to the ring and the console, as one piece. */
void log_write(const char *s, size_t len)
{
	struct hvm_log_ring *r = log_ring();
	unsigned long flags = spin_lock_irqsave(&log_lock);
	__u64 head = r->head;
	__u64 at = head % r->size;

	for (size_t i = 0; i < len; i++) {
		r->data[at] = s[i];
		if (++at == r->size)
			at = 0;
	}
	hvm_publish(&r->head, head + len); /* the bytes before the new head */
	console_write(s, len);
	spin_unlock_irqrestore(&log_lock, flags);
}

/* Crash path: a CPU that faulted inside log_write() must not deadlock on itself. */
void log_crash_unlock(void)
{
	spin_break_if_owner(&log_lock);
}
