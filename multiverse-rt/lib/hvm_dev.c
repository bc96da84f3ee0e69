// SPDX-License-Identifier: MIT
/*
 * Opening /dev/hvm and the ioctls on it, with errors turned into sentences
 * that name the device and the fix. Used by hvmctl and by the runtime linked
 * into hybrid programs; never prints (the program's stderr is not ours).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hvm_dev.h"

static char mv_error_text[256];

static int mv_fail(int err, const char *fmt, const char *detail)
{
	snprintf(mv_error_text, sizeof(mv_error_text), fmt, detail);
	return -err;
}

int mv_dev_fail(int err, const char *text)
{
	return mv_fail(err, "%s", text);
}

const char *mv_dev_error(void)
{
	return mv_error_text;
}

int mv_dev_open(void)
{
	int fd = open(HVM_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT)
		return mv_fail(
			ENOENT,
			"%s: no such device: hvm.ko is not loaded or refused the partition; see 'dmesg | grep hvm'",
			HVM_DEVICE_PATH);
	if (errno == EACCES || errno == EPERM)
		return mv_fail(errno, "%s: permission denied: the device is root-only; run as root",
			       HVM_DEVICE_PATH);
	return mv_fail(errno, "%s: cannot open it", HVM_DEVICE_PATH);
}

int mv_dev_call(int fd, unsigned long cmd, void *arg)
{
	__u32 *header = arg;

	header[0] = HVM_ABI_MAGIC;
	header[1] = HVM_ABI_REVISION;
	if (ioctl(fd, cmd, arg) == 0)
		return 0;
	if (errno == EPROTO)
		return mv_fail(
			EPROTO,
			"%s: hvm.ko speaks another ABI revision: rebuild hvm.ko and the tools from the same tree",
			HVM_DEVICE_PATH);
	return mv_fail(errno, "%s: request failed", HVM_DEVICE_PATH);
}

int mv_dev_get_partition(int fd, struct hvm_partition_info *info)
{
	memset(info, 0, sizeof(*info));
	return mv_dev_call(fd, HVM_IOC_GET_PARTITION, info);
}
