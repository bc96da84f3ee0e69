/* SPDX-License-Identifier: MIT */
/*
 * hvm-exec's loader, shared by its files (exec*.c): an unmodified Linux
 * program loaded into this process as Linux's ELF loader would load it,
 * then run on the HRT (or natively) from its first instruction.
 */
#ifndef MV_EXEC_H
#define MV_EXEC_H

#include <elf.h>
#include <limits.h>
#include <stdbool.h>

#include "hvm_dev.h"

#define MV_PAGE_SIZE 4096ul
/* Linux x86-64 (47-bit user space): where a PIE program with an interpreter goes. */
#define MV_ELF_ET_DYN_BASE 0x555555554000ul
#define MV_TASK_SIZE 0x7ffffffff000ul
/* Linux checks at most this much of a program's program headers (one page). */
#define MV_MAX_PHNUM (MV_PAGE_SIZE / sizeof(Elf64_Phdr))
/* A "#!" script's interpreter line: Linux reads this much of the file (BINPRM_BUF_SIZE). */
#define MV_SHEBANG_MAX 256
/* Scripts whose interpreter is a script: Linux follows at most so many. */
#define MV_SHEBANG_DEPTH 4
/* The shell's exit statuses for a command that cannot run. */
#define MV_EXEC_NOT_FOUND 127
#define MV_EXEC_CANNOT_RUN 126

static inline unsigned long mv_page_down(unsigned long a)
{
	return a & ~(MV_PAGE_SIZE - 1);
}

static inline unsigned long mv_page_up(unsigned long a)
{
	return mv_page_down(a + MV_PAGE_SIZE - 1);
}

/* One ELF file checked, not yet mapped: the program or its interpreter. */
struct mv_elf_file {
	int fd;
	Elf64_Ehdr eh;
	Elf64_Phdr ph[MV_MAX_PHNUM];
	bool exec_stack; /* PT_GNU_STACK asks for an executable stack */
	char interp[PATH_MAX]; /* PT_INTERP, "" when none */
};

/* One ELF image mapped into the process: the program or its interpreter. */
struct mv_exec_image {
	unsigned long bias; /* where it was mapped minus its link address */
	unsigned long entry; /* e_entry + bias */
	unsigned long phdr; /* its program headers in memory (AT_PHDR) */
	unsigned long phnum;
	unsigned long start_code, end_code, start_data, end_data; /* as Linux counts them */
	unsigned long end; /* the end of its last segment in memory: the break starts here */
	bool pie; /* ET_DYN */
	bool has_interp; /* the program: started through an interpreter */
};

/* One exec: what to run, what was loaded, and why it failed. */
struct mv_exec {
	const char *path; /* the file run (after a PATH search, a script's interpreter) */
	const char *execfn; /* AT_EXECFN and the process's name: the path as given */
	char *const *argv;
	char *const *envp;
	struct mv_elf_file prog_file, interp_file; /* prog_file.fd becomes /proc/self/exe */
	struct mv_exec_image prog, interp;
	bool randomize; /* Linux randomizes this process's layout (randomize_va_space, personality) */
	/* The initial stack (exec_stack.c). */
	unsigned long sp, stack_low, stack_top;
	unsigned long arg_start, arg_end, env_start, env_end;
	unsigned long auxv[2 * 24];
	unsigned long auxv_bytes;
	unsigned long loader_brk; /* where Linux started hvm-exec's own break */
	/* On failure: the exit status the shell would give (126, 127) and why. */
	int status;
	char why[PATH_MAX + 256];
};

/* Record why @x failed (a message naming the file) with the shell's @status; returns -1. */
MV_HIDDEN int mv_exec_fail(struct mv_exec *x, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Check the ELF file open at @fd (@path names it in messages): one hvm-exec can map. */
MV_HIDDEN int mv_elf_check(struct mv_exec *x, int fd, const char *path, bool is_interp,
			   struct mv_elf_file *f);
/* Map the checked file @f where Linux would, into @img. */
MV_HIDDEN int mv_elf_map(struct mv_exec *x, const struct mv_elf_file *f, const char *path,
			 bool is_interp, struct mv_exec_image *img);
/* Build argv, envp and the auxiliary vector on a new stack (x->sp). */
MV_HIDDEN int mv_exec_stack(struct mv_exec *x);
/* First of all: hvm-exec's own break (its malloc's) out of the program's way (exec_mm.c). */
MV_HIDDEN void mv_exec_move_loader_break(struct mv_exec *x);
/* Before loading: hvm-exec's own mappings no longer name its file (exec_mm.c). */
MV_HIDDEN int mv_exec_unmap_loader_file(struct mv_exec *x);
/* After loading: /proc/self/exe, the break, cmdline, environ, auxv and name are the program's. */
MV_HIDDEN int mv_exec_become(struct mv_exec *x);
/* Start the program natively at its entry with the stack at sp (mv_exec_enter.S). */
MV_HIDDEN _Noreturn void mv_exec_enter(unsigned long entry, unsigned long sp);

#endif /* MV_EXEC_H */
