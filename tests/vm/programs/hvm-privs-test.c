// SPDX-License-Identifier: MIT
/*
 * hvm-privs-test: a /dev/hvm descriptor is only as strong as the process
 * making the call. Run as root; prints one line per attempt ("WHO: IOCTL
 * ok" or the error) for the vm suite to compare:
 *   root      BOOT (warm reboot) and MERGE as root: served
 *   setuid    a descriptor opened as root, kept across setuid(65534):
 *             BOOT and MERGE refused, GET_STATUS served
 *   passed    a descriptor sent over a Unix socket (SCM_RIGHTS) to a
 *             process running as nobody: BOOT and MERGE refused
 *   merged    a process that merged as root and then called setuid keeps
 *             making calls, with system calls forwarded as nobody
 *   merger    a root process merges on a descriptor, and again: served
 *   forked    its fork child MERGEs on the inherited descriptor: EBUSY
 *   orphaned  the child again once the merger exited: EBUSY
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hrt.h>
#include <hvm/ioctl.h>

#define NOBODY 65534
#define STACK_SIZE (64 * 1024)

static int open_dev(void)
{
	int fd = open(HVM_DEVICE_PATH, O_RDWR);

	if (fd < 0) {
		perror(HVM_DEVICE_PATH);
		exit(1);
	}
	return fd;
}

static void become_nobody(void)
{
	if (setgid(NOBODY) || setuid(NOBODY)) {
		perror("setuid");
		exit(1);
	}
}

/* Make one ioctl on fd with a request that starts with magic and revision. */
static void try_ioctl(const char *who, int fd, unsigned long cmd, const char *name, void *req)
{
	__u32 *header = req;

	header[0] = HVM_ABI_MAGIC;
	header[1] = HVM_ABI_REVISION;
	if (ioctl(fd, cmd, req))
		printf("%s: %s %s\n", who, name, strerror(errno));
	else
		printf("%s: %s ok\n", who, name);
	fflush(stdout);
}

/* Warm reboot (the image loaded last) and a merge without heap: both change global state. */
static void try_boot_and_merge(const char *who, int fd)
{
	struct hvm_boot_request boot;
	struct hvm_merge_request merge;

	memset(&boot, 0, sizeof(boot));
	boot.flags = HVM_BOOT_AGAIN;
	try_ioctl(who, fd, HVM_IOC_BOOT, "BOOT", &boot);
	memset(&merge, 0, sizeof(merge));
	try_ioctl(who, fd, HVM_IOC_MERGE, "MERGE", &merge);
}

static void as_root(void)
{
	int fd = open_dev();

	try_boot_and_merge("root", fd);
	close(fd);
}

static void kept_across_setuid(void)
{
	struct hvm_status st;
	int fd = open_dev();

	become_nobody();
	try_boot_and_merge("setuid", fd);
	memset(&st, 0, sizeof(st));
	try_ioctl("setuid", fd, HVM_IOC_GET_STATUS, "GET_STATUS", &st);
}

static void send_fd(int sock, int fd)
{
	char data = 0, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = &data, .iov_len = 1};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	struct cmsghdr *c;

	memset(cbuf, 0, sizeof(cbuf));
	msg.msg_control = cbuf;
	msg.msg_controllen = sizeof(cbuf);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	if (sendmsg(sock, &msg, 0) != 1) {
		perror("sendmsg");
		exit(1);
	}
}

static int recv_fd(int sock)
{
	char data, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = &data, .iov_len = 1};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	struct cmsghdr *c;
	int fd;

	msg.msg_control = cbuf;
	msg.msg_controllen = sizeof(cbuf);
	c = recvmsg(sock, &msg, 0) == 1 ? CMSG_FIRSTHDR(&msg) : NULL;
	if (!c || c->cmsg_type != SCM_RIGHTS) {
		fprintf(stderr, "recvmsg: no descriptor came\n");
		exit(1);
	}
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* The child drops to nobody first, then receives root's descriptor. */
static void passed_over_socket(void)
{
	int sv[2], fd, status;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		perror("socketpair");
		exit(1);
	}
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		become_nobody();
		try_boot_and_merge("passed", recv_fd(sv[1]));
		exit(0);
	}
	close(sv[1]);
	fd = open_dev();
	send_fd(sv[0], fd);
	close(fd);
	waitpid(pid, &status, 0);
}

/* On the HRT: getuid is forwarded to the calling thread, which is nobody's now. */
static long hrt_getuid(long arg)
{
	return (long)getuid() + arg;
}

static void merged_then_setuid(void)
{
	char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	long uid = -1;
	int err = stack == MAP_FAILED ? -ENOMEM : hrt_merge();

	if (err) {
		printf("merged: hrt_merge %s\n", strerror(-err));
		return;
	}
	become_nobody();
	err = hrt_call(0, hrt_getuid, 0, stack + STACK_SIZE, &uid);
	printf("merged: CALL %s, uid %ld on the HRT\n", err ? strerror(-err) : "ok", uid);
}

/*
 * A descriptor that merged answers only the process that merged on it: its
 * fork child is refused, while the merger runs (@told: the child merged)
 * and once it exited (@gone reaches EOF), when its space is dead.
 */
static void merged_then_forked(void)
{
	struct hvm_merge_request merge;
	int fd = open_dev(), told[2], gone[2];
	char byte = 0;

	memset(&merge, 0, sizeof(merge));
	try_ioctl("merger", fd, HVM_IOC_MERGE, "MERGE", &merge);
	try_ioctl("merger", fd, HVM_IOC_MERGE, "MERGE again", &merge);
	if (pipe(told) || pipe(gone)) {
		perror("pipe");
		exit(1);
	}
	if (fork() == 0) {
		close(gone[1]);
		try_ioctl("forked", fd, HVM_IOC_MERGE, "MERGE", &merge);
		if (write(told[1], &byte, 1) != 1)
			exit(1);
		while (read(gone[0], &byte, 1) > 0)
			;
		try_ioctl("orphaned", fd, HVM_IOC_MERGE, "MERGE", &merge);
		exit(0);
	}
	if (read(told[0], &byte, 1) != 1)
		exit(1);
}

/* Each part in its own process, so root's own state stays as it was. */
static void in_child(void (*part)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		part();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	in_child(as_root);
	in_child(kept_across_setuid);
	in_child(passed_over_socket);
	in_child(merged_then_setuid);
	prctl(PR_SET_CHILD_SUBREAPER, 1); /* the merger's child outlives it: wait for it too */
	in_child(merged_then_forked);
	while (wait(NULL) > 0)
		;
	return 0;
}
