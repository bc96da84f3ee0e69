// SPDX-License-Identifier: MIT
/*
 * Hybrid children by exec (hvm-exec --children): when the environment a
 * hybrid program passes to execve holds HVM_EXEC_CHILDREN=PATH (PATH:
 * hvm-exec's, absolute; --children puts it there and it is inherited), the
 * partner makes that execve through hvm-exec instead: PATH -a ARGV0 --
 * FILE ARGS..., so the new program runs on the HRT too, and so on down.
 * This covers what the program execs itself, on the HRT: a shell's exec, a
 * wrapper such as env, nice or a launcher, os.execv. A child made by fork,
 * vfork or posix_spawn runs natively (partner.c) and its execve is Linux's
 * own, so the program it starts runs natively.
 *
 * Partners run with the program's TLS (partner.c): no malloc, no errno;
 * the new argument vector lives in a mapping that the exec replaces (or
 * that is unmapped when the exec fails).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mv_runtime.h"

/*
 * Whether @file is something hvm-exec runs (an ELF program or a "#!"
 * script one may execute); otherwise the execve is the program's own, so
 * that it fails as natively (a shell's PATH search goes on after ENOENT,
 * a shell runs a file without "#!" itself after ENOEXEC).
 */
static bool hvm_exec_runs(const char *file)
{
	char head[4] = {0};
	long fd;

	if (mv_raw_syscall(SYS_access, (long)file, X_OK, 0, 0, 0, 0))
		return false;
	fd = mv_raw_syscall(SYS_open, (long)file, O_RDONLY | O_CLOEXEC, 0, 0, 0, 0);
	if (fd < 0)
		return false;
	mv_raw_syscall(SYS_read, fd, (long)head, sizeof(head), 0, 0, 0);
	mv_raw_syscall(SYS_close, fd, 0, 0, 0, 0, 0);
	return !memcmp(head, "\177ELF", 4) || !memcmp(head, "#!", 2);
}

/* The hvm-exec the environment @envp asks for, or NULL. */
static const char *children_loader(char *const *envp)
{
	size_t len = strlen(MV_EXEC_CHILDREN_VAR);

	for (; envp && *envp; envp++)
		if (!strncmp(*envp, MV_EXEC_CHILDREN_VAR, len) && (*envp)[len] == '/')
			return *envp + len;
	return NULL;
}

long mv_exec_child(const long args[6])
{
	const char *file = (const char *)args[0], *loader;
	char *const *argv = (char *const *)args[1], *const *envp = (char *const *)args[2];
	size_t argc = 0, bytes;
	const char **nargv;
	long ret;

	loader = children_loader(envp);
	if (!loader || !file || !strcmp(file, loader) || !hvm_exec_runs(file))
		return mv_syscall_cp(SYS_execve, args);
	while (argv && argv[argc])
		argc++;
	bytes = (argc + 6) * sizeof(*nargv);
	nargv = (const char **)mv_raw_syscall(SYS_mmap, 0, (long)bytes, PROT_READ | PROT_WRITE,
					      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if ((unsigned long)nargv > -4096ul)
		return (long)nargv;
	nargv[0] = loader;
	nargv[1] = "-a";
	nargv[2] = argc ? argv[0] : file;
	nargv[3] = "--";
	nargv[4] = file;
	for (size_t i = 1; i < argc; i++)
		nargv[4 + i] = argv[i];
	nargv[4 + (argc ? argc : 1)] = NULL;
	{
		long exec_args[6] = {(long)loader, (long)nargv, (long)envp, 0, 0, 0};

		ret = mv_syscall_cp(SYS_execve, exec_args);
	}
	mv_raw_syscall(SYS_munmap, (long)nargv, (long)bytes, 0, 0, 0, 0);
	return ret;
}
