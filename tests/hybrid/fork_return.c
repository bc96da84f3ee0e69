/*
 * A forked child ends the way ordinary programs' children often do: by
 * returning from main, so its atexit handlers run and its buffered output
 * is flushed by exit, as libc's start code does with main's value. The
 * parent reports the child's status after its own line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *role = "parent";

static void say_goodbye(void)
{
	printf("%s: atexit handler ran\n", role);
}

int main(void)
{
	int status;
	pid_t pid;

	if (atexit(say_goodbye))
		return 2;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		role = "child";
		printf("child: returning 7 from main, this line still buffered\n");
		return 7;
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 3;
	printf("parent: child %s with %d\n", WIFEXITED(status) ? "exited" : "was killed",
	       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return 0;
}
