// SPDX-License-Identifier: MIT
/*
 * hrt_exec(): run an unmodified Linux program (static or dynamic, glibc or
 * musl, PIE or not) on the HRT from its first instruction, in this very
 * process, as execve would run it natively. The steps:
 *
 * 1. Find the file (a PATH search when the name has no '/', as execvp),
 *    judge it as execve does (exists: else 127; a regular file one may
 *    execute: else 126), follow "#!" lines to their interpreter.
 * 2. Move hvm-exec's own image out of its file (exec_mm.c), check the
 *    program and its PT_INTERP interpreter completely, then map both
 *    (exec_elf.c): nothing is mapped for a file that would fail.
 * 3. Build the initial stack (exec_stack.c), make /proc/PID/exe, the
 *    break, cmdline, environ, auxv and the name the program's (exec_mm.c).
 * 4. Start it: on the HRT as the process's first thread, from registers
 *    (rip = the interpreter's or the program's entry, rsp at argc, every
 *    other register and FS base 0, as Linux starts a program), with this
 *    Linux thread its partner (hybrid_run.c); or natively (HRT_EXEC_NATIVE),
 *    to compare the same binary through the same loader.
 *
 * hvm-exec's own code and data stay where Linux put them (a static PIE,
 * mapped wherever Linux's mmap chooses, like an interpreter); it uses no
 * memory the program can see but its stack and the HRT heap's reservation.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "hrt.h"
#include "mv_exec.h"
#include "mv_runtime.h"

static struct mv_exec mv_exec_state; /* large (two program header tables): not on the stack */

int mv_exec_fail(struct mv_exec *x, int status, const char *fmt, ...)
{
	va_list ap;

	x->status = status;
	va_start(ap, fmt);
	vsnprintf(x->why, sizeof(x->why), fmt, ap);
	va_end(ap);
	return -1;
}

const char *hrt_exec_error(void)
{
	return mv_exec_state.why;
}

/* Open @path as execve judges a program file. */
static int mv_exec_open(struct mv_exec *x, const char *path)
{
	struct statvfs vfs;
	struct stat st;
	int fd;

	if (stat(path, &st))
		return mv_exec_fail(x,
				    errno == ENOENT || errno == ENOTDIR ? MV_EXEC_NOT_FOUND
									: MV_EXEC_CANNOT_RUN,
				    "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN, "%s: Is a directory", path);
	if (!S_ISREG(st.st_mode))
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN,
				    "%s: cannot execute: not a regular file (Permission denied)",
				    path);
	if (access(path, X_OK))
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN,
				    "%s: Permission denied (no execute permission: chmod +x)",
				    path);
	if (!statvfs(path, &vfs) && (vfs.f_flag & ST_NOEXEC))
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN,
				    "%s: Permission denied (its file system is mounted noexec)",
				    path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN, "%s: %s", path, strerror(errno));
	return fd;
}

/* @file as execvp finds it: itself when it has a '/', else the first in PATH one may run. */
static const char *exec_search(struct mv_exec *x, const char *file, char *buf, size_t len)
{
	const char *path = getenv("PATH"), *p, *end;
	bool denied = false;

	if (strchr(file, '/'))
		return file;
	if (!*file) {
		mv_exec_fail(x, MV_EXEC_NOT_FOUND, "'': No such file or directory");
		return NULL;
	}
	for (p = path ? path : "/usr/local/bin:/bin:/usr/bin";; p = end + 1) {
		struct stat st;

		end = strchrnul(p, ':');
		if ((size_t)snprintf(buf, len, "%.*s%s%s", (int)(end - p), p, end > p ? "/" : "",
				     file) < len &&
		    !stat(buf, &st) && S_ISREG(st.st_mode)) {
			if (!access(buf, X_OK))
				return buf;
			denied = true;
		}
		if (!*end)
			break;
	}
	if (denied)
		mv_exec_fail(x, MV_EXEC_CANNOT_RUN,
			     "%s: Permission denied (no execute permission in PATH)", file);
	else
		mv_exec_fail(x, MV_EXEC_NOT_FOUND, "%s: command not found (not in PATH)", file);
	return NULL;
}

/*
 * A "#!" script: the interpreter and its one optional argument, as Linux's
 * binfmt_script splits the line; argv becomes interpreter [arg] path
 * argv[1..]. Returns 1 for a script (x updated), 0 for no script, -1.
 */
static int exec_script(struct mv_exec *x, int fd, char *line, char ***argv_io)
{
	char *interp, *arg = NULL, **argv = *argv_io, **nargv;
	ssize_t n = pread(fd, line, MV_SHEBANG_MAX - 1, 0);
	size_t argc = 0;
	char *end;

	if (n < 2 || line[0] != '#' || line[1] != '!')
		return 0;
	line[n] = '\0';
	end = strchr(line, '\n');
	if (!end && n == MV_SHEBANG_MAX - 1)
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN,
				    "%s: cannot execute: its '#!' line is too long", x->path);
	if (end)
		*end = '\0';
	for (interp = line + 2; *interp == ' ' || *interp == '\t'; interp++)
		;
	end = interp + strcspn(interp, " \t");
	if (*end) {
		*end++ = '\0';
		arg = end + strspn(end, " \t");
		for (char *t = arg + strlen(arg); t > arg && (t[-1] == ' ' || t[-1] == '\t');)
			*--t = '\0';
		if (!*arg)
			arg = NULL;
	}
	if (!*interp)
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN,
				    "%s: cannot execute: its '#!' line names no interpreter",
				    x->path);
	while (argv && argv[argc])
		argc++;
	nargv = calloc(argc + 4, sizeof(*nargv));
	if (!nargv)
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN, "%s: no memory", x->path);
	nargv[0] = interp;
	n = 1;
	if (arg)
		nargv[n++] = arg;
	nargv[n++] = (char *)x->path;
	for (size_t i = 1; i < argc; i++)
		nargv[n++] = argv[i];
	*argv_io = nargv;
	x->path = interp;
	return 1;
}

/* Whether Linux would randomize this process's layout. */
static bool exec_randomizes(void)
{
	int level = 2, persona = personality(0xffffffff);
	FILE *f = fopen("/proc/sys/kernel/randomize_va_space", "re");

	if (f) {
		if (fscanf(f, "%d", &level) != 1)
			level = 2;
		fclose(f);
	}
	return level > 0 && !(persona != -1 && (persona & ADDR_NO_RANDOMIZE));
}

/* An interpreter (a script's, PT_INTERP) cannot be opened: the program's failure, named so. */
static int exec_interp_failed(struct mv_exec *x, const char *program)
{
	char cause[sizeof(x->why)];

	snprintf(cause, sizeof(cause), "%s", x->why);
	return mv_exec_fail(x, x->status, "%s: cannot execute: its interpreter %s", program, cause);
}

/* Find, judge, follow scripts, check and map the program and its interpreter. */
static int exec_load(struct mv_exec *x, const char *file, char **argv)
{
	static char found[PATH_MAX], lines[MV_SHEBANG_DEPTH + 1][MV_SHEBANG_MAX];
	int fd, depth = 0, script;

	x->path = exec_search(x, file, found, sizeof(found));
	if (!x->path)
		return -1;
	x->execfn = x->path;
	for (;;) {
		fd = mv_exec_open(x, x->path);
		if (fd < 0) /* after a script: its interpreter, named as the shell names it */
			return depth ? exec_interp_failed(x, x->execfn) : -1;
		script = exec_script(x, fd, lines[depth], &argv);
		if (script <= 0)
			break;
		close(fd);
		if (++depth > MV_SHEBANG_DEPTH)
			return mv_exec_fail(
				x, MV_EXEC_CANNOT_RUN,
				"%s: cannot execute: more than %d '#!' interpreters in a row",
				x->execfn, MV_SHEBANG_DEPTH);
	}
	x->argv = argv;
	if (script < 0 || mv_elf_check(x, fd, x->path, false, &x->prog_file))
		return -1;
	if (x->prog_file.interp[0]) {
		int ifd = mv_exec_open(x, x->prog_file.interp);

		if (ifd < 0)
			return exec_interp_failed(x, x->path);
		if (mv_elf_check(x, ifd, x->prog_file.interp, true, &x->interp_file))
			return -1;
	}
	x->randomize = exec_randomizes();
	if (mv_exec_unmap_loader_file(x) || mv_elf_map(x, &x->prog_file, x->path, false, &x->prog))
		return -1;
	if (x->prog_file.interp[0]) {
		if (mv_elf_map(x, &x->interp_file, x->prog_file.interp, true, &x->interp))
			return -1;
		close(x->interp_file.fd);
	}
	return 0;
}

int hrt_exec(const char *file, char *const argv[], char *const envp[], unsigned int flags)
{
	struct mv_exec *x = &mv_exec_state;
	struct hvm_call_request req;
	unsigned long entry;

	memset(x, 0, sizeof(*x));
	mv_exec_move_loader_break(x);
	x->envp = envp;
	if (exec_load(x, file, (char **)argv) || mv_exec_stack(x) || mv_exec_become(x))
		return x->status;
	close(x->prog_file.fd); /* /proc/self/exe holds the file now */
	entry = x->prog.has_interp ? x->interp.entry : x->prog.entry;
	if (flags & HRT_EXEC_NATIVE)
		mv_exec_enter(entry, x->sp);
	memset(&req, 0, sizeof(req));
	req.flags = HVM_CALL_FROM_REGS;
	req.regs.rip = entry;
	req.regs.rsp = x->sp;
	exit((int)mv_hybrid_run(&req, "the program"));
}
