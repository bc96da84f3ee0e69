/*
 * A forked child has the descriptors the program opened, and no others
 * (hybrid: not the runtime's /dev/hvm, whose merged space is the parent's).
 * The child counts its descriptors beyond standard input, output and error.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int opened_beyond_stdio(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) > 2 && atoi(e->d_name) != dirfd(d))
			n++;
	closedir(d);
	return n;
}

int main(void)
{
	int pipefd[2], status;
	pid_t pid;

	if (pipe(pipefd))
		return 2;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		printf("child: %d descriptors beyond stdio (the pipe's two)\n",
		       opened_beyond_stdio());
		fflush(stdout);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 3;
	printf("child exited with %d\n", WEXITSTATUS(status));
	return 0;
}
