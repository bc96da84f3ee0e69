// SPDX-License-Identifier: MIT
/*
 * hvm-agent: runs in the guest, started by init. Waits for commands from the
 * host on the virtio-serial port AGENT_PORT_NAME, runs each with /bin/sh -c
 * and streams its stdout, stderr and exit status back (agent_proto.h).
 * One command at a time; a command whose host went away is killed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent_proto.h"

static int port_fd = -1;

static void nap_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Find /dev/vportNpM whose virtio name is AGENT_PORT_NAME. */
static int port_open(void)
{
	char path[300], name[64];
	struct dirent *d;
	DIR *dir;
	int fd = -1;

	dir = opendir("/sys/class/virtio-ports");
	if (!dir)
		return -1;
	while (fd < 0 && (d = readdir(dir))) {
		FILE *f;

		snprintf(path, sizeof(path), "/sys/class/virtio-ports/%s/name", d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(name, sizeof(name), f) &&
		    !strncmp(name, AGENT_PORT_NAME, strlen(AGENT_PORT_NAME))) {
			snprintf(path, sizeof(path), "/dev/%s", d->d_name);
			fd = open(path, O_RDWR | O_CLOEXEC);
		}
		fclose(f);
	}
	closedir(dir);
	return fd;
}

/* Read exactly len bytes; a port with no host connected reads as 0: wait. */
static int port_read_full(void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(port_fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			if (p != (char *)buf)
				return -1; /* host left mid-request */
			nap_ms(20);
			continue;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int port_send(uint32_t id, uint32_t type, const void *data, uint32_t len)
{
	struct agent_frame f = {AGENT_MAGIC, id, type, len};
	const char *p = data;

	if (write(port_fd, &f, sizeof(f)) != (ssize_t)sizeof(f))
		return -1;
	while (len) {
		ssize_t n = write(port_fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (uint32_t)n;
	}
	return 0;
}

static void close_pipe(int fds[2])
{
	close(fds[0]);
	close(fds[1]);
}

/*
 * Start /bin/sh -c cmd with its stdout and stderr on fresh pipes. On
 * failure nothing stays open and *why names what failed (the host gets it
 * as the command's stderr: a guest out of processes, descriptors or memory
 * says so instead of failing silently).
 */
static pid_t spawn_shell(const char *cmd, int out[2], int err[2], const char **why)
{
	pid_t pid;

	*why = "cannot make the output pipes";
	if (pipe2(out, O_CLOEXEC))
		return -1;
	if (pipe2(err, O_CLOEXEC)) {
		close_pipe(out);
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		*why = "cannot fork the shell";
		close_pipe(out);
		close_pipe(err);
		return -1;
	}
	if (pid)
		return pid;
	setsid();
	dup2(open("/dev/null", O_RDONLY), 0);
	dup2(out[1], 1);
	dup2(err[1], 2);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	dprintf(2, "hvm-agent: cannot run /bin/sh in the guest: %s\n", strerror(errno));
	_exit(127);
}

/* Forward what is readable on fd; returns false at EOF or on error. */
static int forward(int fd, uint32_t id, uint32_t type, int *host_gone)
{
	char buf[AGENT_MAX_CHUNK];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n <= 0)
		return 0;
	if (port_send(id, type, buf, (uint32_t)n))
		*host_gone = 1;
	return 1;
}

static uint32_t exit_code(int status)
{
	if (WIFEXITED(status))
		return (uint32_t)WEXITSTATUS(status);
	return 128u + (uint32_t)WTERMSIG(status);
}

/*
 * Stream the command's output until it exits and its pipes are drained. A
 * background process that keeps the pipes open does not hold the reply: once
 * the shell has exited, output is only drained while it keeps coming.
 */
static void run_command(uint32_t id, const char *cmd)
{
	int out[2], err[2], open_fds = 2, host_gone = 0, status = 0;
	const char *why;
	pid_t pid = spawn_shell(cmd, out, err, &why);
	int exited = 0;

	if (pid < 0) {
		char msg[200];
		uint32_t code = 127;
		int len = snprintf(msg, sizeof(msg), "hvm-agent: %s for the command: %s\n", why,
				   strerror(errno));

		port_send(id, AGENT_STDERR, msg, (uint32_t)len);
		port_send(id, AGENT_EXIT, &code, sizeof(code));
		return;
	}
	close(out[1]);
	close(err[1]);
	while (open_fds && !host_gone) {
		struct pollfd p[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
		int n = poll(p, 2, exited ? 50 : 200);

		if (n == 0 && exited)
			break;
		if (p[0].revents && out[0] >= 0 && !forward(out[0], id, AGENT_STDOUT, &host_gone))
			open_fds--, close(out[0]), out[0] = -1;
		if (p[1].revents && err[0] >= 0 && !forward(err[0], id, AGENT_STDERR, &host_gone))
			open_fds--, close(err[0]), err[0] = -1;
		if (!exited && waitpid(pid, &status, WNOHANG) == pid)
			exited = 1;
	}
	if (host_gone)
		kill(-pid, SIGKILL);
	if (!exited)
		waitpid(pid, &status, 0);
	if (out[0] >= 0)
		close(out[0]);
	if (err[0] >= 0)
		close(err[0]);
	uint32_t code = exit_code(status);
	port_send(id, AGENT_EXIT, &code, sizeof(code));
}

int main(void)
{
	static char cmd[AGENT_MAX_COMMAND + 1];
	struct agent_request req;

	signal(SIGPIPE, SIG_IGN);
	setenv("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", 1);
	while ((port_fd = port_open()) < 0)
		nap_ms(100);
	for (;;) {
		if (port_read_full(&req, sizeof(req)))
			continue;
		if (req.magic != AGENT_MAGIC || req.len > AGENT_MAX_COMMAND)
			continue; /* not a request: resynchronize on the next one */
		if (port_read_full(cmd, req.len))
			continue;
		cmd[req.len] = 0;
		run_command(req.id, cmd);
	}
}
