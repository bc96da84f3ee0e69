// SPDX-License-Identifier: MIT
/*
 * hvm-agent-run: the host side of the guest agent. Sends one shell command
 * to hvm-agent through the domain's agent socket, copies its output to our
 * stdout/stderr as it arrives and exits with its exit status.
 *
 *   hvm-agent-run SOCKET TIMEOUT_SECONDS COMMAND
 *
 * Exit 124: the command did not finish in time; 125: no agent answered.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "agent_proto.h"

#define EXIT_TIMEOUT 124
#define EXIT_NO_AGENT 125

static double deadline;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int connect_agent(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || strlen(path) >= sizeof(sa.sun_path))
		return -1;
	strcpy(sa.sun_path, path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Read exactly len bytes before the deadline: 0, or -1 on EOF/error/timeout. */
static int read_full(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		struct pollfd pfd = {fd, POLLIN, 0};
		int left_ms = (int)((deadline - now()) * 1000);
		ssize_t n;

		if (left_ms <= 0 || poll(&pfd, 1, left_ms) <= 0)
			return -1;
		n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int send_request(int fd, uint32_t id, const char *cmd)
{
	struct agent_request req = {AGENT_MAGIC, id, (uint32_t)strlen(cmd), 0};

	if (write(fd, &req, sizeof(req)) != (ssize_t)sizeof(req))
		return -1;
	return write(fd, cmd, req.len) == (ssize_t)req.len ? 0 : -1;
}

/* Copy frames until the exit frame of our request; returns its status. */
static int relay(int fd, uint32_t id)
{
	static char buf[AGENT_MAX_CHUNK];
	struct agent_frame f;
	uint32_t code;

	for (;;) {
		if (read_full(fd, &f, sizeof(f)))
			return -1;
		if (f.magic != AGENT_MAGIC || f.len > AGENT_MAX_CHUNK)
			return -1;
		if (read_full(fd, buf, f.len))
			return -1;
		if (f.id != id)
			continue; /* left over from an earlier client */
		if (f.type == AGENT_EXIT && f.len == sizeof(code)) {
			memcpy(&code, buf, sizeof(code));
			return (int)code;
		}
		if (fwrite(buf, 1, f.len, f.type == AGENT_STDERR ? stderr : stdout) != f.len)
			return -1;
		fflush(f.type == AGENT_STDERR ? stderr : stdout);
	}
}

int main(int argc, char **argv)
{
	uint32_t id;
	int fd, status;

	if (argc != 4) {
		fprintf(stderr, "usage: hvm-agent-run SOCKET TIMEOUT_SECONDS COMMAND\n");
		return 2;
	}
	deadline = now() + atof(argv[2]);
	fd = connect_agent(argv[1]);
	if (fd < 0) {
		fprintf(stderr,
			"hvm-agent-run: cannot connect to %s (%s): is the VM up? start it with 'vmconfigs/hvmvm up'\n",
			argv[1], strerror(errno));
		return EXIT_NO_AGENT;
	}
	id = (uint32_t)getpid() ^ (uint32_t)(now() * 1e6);
	if (send_request(fd, id, argv[3])) {
		fprintf(stderr, "hvm-agent-run: cannot send the command to %s\n", argv[1]);
		return EXIT_NO_AGENT;
	}
	status = relay(fd, id);
	close(fd);
	if (status >= 0)
		return status;
	if (now() >= deadline) {
		fprintf(stderr,
			"hvm-agent-run: no answer from the guest within %s s: the command is still running or the guest hangs (see the console log)\n",
			argv[2]);
		return EXIT_TIMEOUT;
	}
	fprintf(stderr,
		"hvm-agent-run: the guest agent closed the connection: the guest may have stopped (see the console log)\n");
	return EXIT_NO_AGENT;
}
