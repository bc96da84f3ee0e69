// SPDX-License-Identifier: MIT
/*
 * hvm-abi-probe: asks /dev/hvm for the partition with a wrong ABI revision
 * and then with the right one; prints what happened to each, so the vm suite
 * can check that a mismatched caller is refused with EPROTO and a matching
 * one is served.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <hvm/ioctl.h>

static void probe(int fd, __u32 revision)
{
	struct hvm_partition_info info;
	int ret;

	memset(&info, 0, sizeof(info));
	info.magic = HVM_ABI_MAGIC;
	info.revision = revision;
	ret = ioctl(fd, HVM_IOC_GET_PARTITION, &info);
	printf("revision %u: %s\n", revision, ret ? strerror(errno) : "ok");
}

int main(void)
{
	int fd = open(HVM_DEVICE_PATH, O_RDWR);

	if (fd < 0) {
		perror(HVM_DEVICE_PATH);
		return 1;
	}
	probe(fd, HVM_ABI_REVISION + 1);
	probe(fd, HVM_ABI_REVISION);
	close(fd);
	return 0;
}
