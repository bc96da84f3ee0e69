/* New processes from a program: fork + wait, fork + exec, system(), posix_spawn, vfork + exec. */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int wait_status(pid_t pid)
{
	int st = -1;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(void)
{
	char *spawn_argv[] = {"sh", "-c", "echo spawned by posix_spawn; exit 5", NULL};
	pid_t pid;
	int local = 41;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		local++;
		printf("fork child: sees local %d, parent alive %s\n", local,
		       getppid() > 1 ? "yes" : "no");
		fflush(stdout);
		_exit(7);
	}
	printf("fork: child exited with %d, parent's local still %d\n", wait_status(pid), local);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl("/bin/echo", "echo", "exec from a forked child", (char *)NULL);
		_exit(127);
	}
	printf("fork + exec: status %d\n", wait_status(pid));
	fflush(stdout);
	printf("system: status %d\n", WEXITSTATUS(system("echo system says hi; exit 3")));
	fflush(stdout);
	if (posix_spawn(&pid, "/bin/sh", NULL, NULL, spawn_argv, environ))
		return printf("posix_spawn failed\n"), 2;
	printf("posix_spawn: status %d\n", wait_status(pid));
	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exit 9", (char *)NULL);
		_exit(127);
	}
	printf("vfork + exec: status %d\n", wait_status(pid));
	return 0;
}
