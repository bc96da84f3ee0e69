// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the HRT's log ring (hvm/boot.h). The HRT writes it at any time;
 * only its head is read from shared memory, once, and the data size is the
 * module's own constant, so a corrupt header cannot make us read outside
 * the ring. Bytes overwritten while we copied are dropped and counted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "hvm_module.h"

#define LOG_READ_MAX 65536u

static void ring_copy(char *dst, u64 from, u32 len)
{
	const char *data = hrt_log_ring()->data;
	u64 at = from % HRT_LOG_DATA_SIZE;
	u32 first = min_t(u64, len, HRT_LOG_DATA_SIZE - at);

	memcpy(dst, data + at, first);
	memcpy(dst + first, data, len - first);
}

/*
 * Copy up to req->len bytes from req->pos into req->buf. The bytes are taken
 * from the ring into a private buffer under the lock and copied out after
 * it: the caller's buffer may fault slowly (or never, userfaultfd), and
 * 'hvmctl status' must not wait for it.
 */
int hvm_log_read(struct hvm_log_read *req)
{
	u32 room = min(req->len, LOG_READ_MAX);
	u64 head, start, head_after;
	u32 len = 0;
	char *buf;

	buf = kvmalloc(max(room, 1u), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&hvm_hrt.lock);
	req->generation = hvm_hrt.generation;
	req->copied = 0;
	req->lost = 0;
	if (hvm_hrt.state == HVM_HRT_NOT_BOOTED)
		goto out_unlock;
	head = hvm_observe(&hrt_log_ring()->head);
	if (req->pos > head)
		req->pos = 0; /* the reader's position is from before a reboot */
	start = max_t(u64, req->pos, head > HRT_LOG_DATA_SIZE ? head - HRT_LOG_DATA_SIZE : 0);
	len = min_t(u64, room, head - start);
	req->lost = start - req->pos;
	if (len) {
		ring_copy(buf, start, len);
		head_after = hvm_observe(&hrt_log_ring()->head);
		if (head_after > HRT_LOG_DATA_SIZE && head_after - HRT_LOG_DATA_SIZE > start) {
			u64 torn = min_t(u64, head_after - HRT_LOG_DATA_SIZE - start, len);

			memmove(buf, buf + torn, len - torn);
			req->lost += torn;
			start += torn;
			len -= torn;
		}
	}
	req->pos = start + len;
	req->copied = len;
out_unlock:
	mutex_unlock(&hvm_hrt.lock);
	if (len && copy_to_user(u64_to_user_ptr(req->buf), buf, len)) {
		kvfree(buf);
		return -EFAULT;
	}
	kvfree(buf);
	return 0;
}
