/*
 * The system calls hvm-kernel can serve natively (getpid, gettid, getppid,
 * sched_yield, uname), many times, checked against what Linux says through
 * /proc: prints relations, not ids, so every run and build prints the same.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#define ROUNDS 2000

static long sys0(long nr)
{
	return syscall(nr);
}

/* The first line of @path without its newline, in @buf. */
static void read_line(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, len - 1);

	if (n < 0)
		n = 0;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	if (fd >= 0)
		close(fd);
}

/* Field @field (1-based) of /proc/self/stat, numeric. */
static long stat_field(int field)
{
	char buf[512], *p;

	read_line("/proc/self/stat", buf, sizeof(buf));
	p = strrchr(buf, ')'); /* field 2, the name, may hold spaces */
	if (field == 1)
		return atol(buf);
	for (int f = 2; p && f < field; f++)
		p = strchr(p + 1, ' ');
	return p ? atol(p + 1) : -1;
}

/* The tid Linux names in /proc/thread-self ("PID/task/TID"). */
static long thread_self_tid(void)
{
	char link[64] = "";
	char *slash;

	if (readlink("/proc/thread-self", link, sizeof(link) - 1) < 0)
		return -1;
	slash = strrchr(link, '/');
	return slash ? atol(slash + 1) : -1;
}

static const char *yes(int ok)
{
	return ok ? "yes" : "NO";
}

static void *thread_main(void *arg)
{
	long pid = *(long *)arg, tid = sys0(SYS_gettid);
	int stable = 1;

	for (int i = 0; i < ROUNDS; i++)
		stable &= sys0(SYS_gettid) == tid && sys0(SYS_getpid) == pid;
	printf("thread: gettid != getpid: %s\n", yes(tid != pid));
	printf("thread: gettid == /proc/thread-self: %s\n", yes(tid == thread_self_tid()));
	printf("thread: ids stable over %d calls: %s\n", ROUNDS, yes(stable));
	return NULL;
}

static void check_uname(void)
{
	char ostype[80], host[80], release[80];
	struct utsname u;
	int same = 1;

	read_line("/proc/sys/kernel/ostype", ostype, sizeof(ostype));
	read_line("/proc/sys/kernel/hostname", host, sizeof(host));
	read_line("/proc/sys/kernel/osrelease", release, sizeof(release));
	for (int i = 0; i < ROUNDS; i++) {
		memset(&u, 0, sizeof(u));
		same &= uname(&u) == 0 && !strcmp(u.sysname, ostype) && !strcmp(u.nodename, host) &&
			!strcmp(u.release, release) && !strcmp(u.machine, "x86_64");
	}
	printf("uname == /proc/sys/kernel (sysname, nodename, release), machine x86_64: %s\n",
	       yes(same));
	printf("uname to an unmapped address fails with EFAULT: %s\n",
	       yes(syscall(SYS_uname, (void *)16) == -1 && errno == EFAULT));
}

int main(void)
{
	long pid = sys0(SYS_getpid), ppid = sys0(SYS_getppid);
	int stable = 1, yielded = 1;
	pthread_t t;

	for (int i = 0; i < ROUNDS; i++) {
		stable &= sys0(SYS_getpid) == pid && sys0(SYS_gettid) == pid &&
			  sys0(SYS_getppid) == ppid;
		yielded &= sys0(SYS_sched_yield) == 0;
	}
	printf("main: getpid == gettid: %s\n", yes(pid == sys0(SYS_gettid)));
	printf("main: getpid == /proc/self/stat pid: %s\n", yes(pid == stat_field(1)));
	printf("main: getppid == /proc/self/stat ppid: %s\n", yes(ppid == stat_field(4)));
	printf("main: ids stable over %d calls: %s\n", ROUNDS, yes(stable));
	printf("sched_yield returns 0: %s\n", yes(yielded));
	check_uname();
	fflush(stdout);
	if (pthread_create(&t, NULL, thread_main, &pid) || pthread_join(t, NULL))
		printf("thread: cannot start one\n");
	return 0;
}
