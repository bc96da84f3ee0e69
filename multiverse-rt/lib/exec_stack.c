// SPDX-License-Identifier: MIT
/*
 * The program's initial stack, laid out as Linux's create_elf_tables lays
 * it out: from the top, a zero word, the path run (AT_EXECFN), the
 * environment strings, the argument strings, a random gap below 8 KiB
 * when Linux randomizes, the platform string, 16 random bytes
 * (AT_RANDOM); then, 16-byte aligned, argc, argv[], NULL, envp[], NULL
 * and the auxiliary vector, the stack pointer at argc.
 *
 * The stack is a mapping of its own, RLIMIT_STACK long (at least 128 KiB,
 * at most 1 GiB, 8 MiB when unlimited), MAP_NORESERVE so that only
 * touched pages count, with a PROT_NONE guard page below it; executable
 * when the program's PT_GNU_STACK asks. hvm-exec keeps the stack Linux
 * gave it (the program's partner runs there); /proc/PID/maps names the
 * program's stack [stack], as Linux names the mapping that holds the
 * start of the stack it was told (mv_exec_become).
 *
 * The auxiliary vector has Linux's entries in Linux's order; what does not
 * depend on the program (AT_SYSINFO_EHDR, AT_MINSIGSTKSZ, AT_HWCAP,
 * AT_HWCAP2, AT_CLKTCK, the ids, AT_SECURE, AT_PLATFORM) is what Linux
 * gave hvm-exec.
 */
#include <errno.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>

#include "mv_exec.h"

#define MV_STACK_MIN (128ul << 10)
#define MV_STACK_MAX (1ul << 30)
#define MV_STACK_UNLIMITED (8ul << 20)
/* Linux's arch_align_stack: the top moves down by up to 8 KiB when randomized. */
#define MV_STACK_RND 8192u
#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

static unsigned long stack_size(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_STACK, &rl) || rl.rlim_cur == RLIM_INFINITY)
		return MV_STACK_UNLIMITED;
	if (rl.rlim_cur < MV_STACK_MIN)
		return MV_STACK_MIN;
	if (rl.rlim_cur > MV_STACK_MAX)
		return MV_STACK_MAX;
	return mv_page_up(rl.rlim_cur);
}

/* Push a string below *top; its address. */
static unsigned long push_string(unsigned long *top, const char *s)
{
	size_t len = strlen(s) + 1;

	*top -= len;
	memcpy((void *)*top, s, len);
	return *top;
}

static unsigned long count(char *const *v)
{
	unsigned long n = 0;

	while (v && v[n])
		n++;
	return n;
}

/* The auxiliary vector, in Linux's order; returns its entries (with AT_NULL). */
static unsigned long build_auxv(struct mv_exec *x, unsigned long random_bytes,
				unsigned long platform, unsigned long execfn)
{
	unsigned long n = 0;
#define AUX(type, value)                                                                           \
	do {                                                                                       \
		x->auxv[n++] = (type);                                                             \
		x->auxv[n++] = (unsigned long)(value);                                             \
	} while (0)

	if (getauxval(AT_SYSINFO_EHDR))
		AUX(AT_SYSINFO_EHDR, getauxval(AT_SYSINFO_EHDR));
	AUX(AT_MINSIGSTKSZ, getauxval(AT_MINSIGSTKSZ));
	AUX(AT_HWCAP, getauxval(AT_HWCAP));
	AUX(AT_PAGESZ, MV_PAGE_SIZE);
	AUX(AT_CLKTCK, getauxval(AT_CLKTCK));
	AUX(AT_PHDR, x->prog.phdr);
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, x->prog.phnum);
	AUX(AT_BASE, x->prog.has_interp ? x->interp.bias : 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, x->prog.entry);
	AUX(AT_UID, getauxval(AT_UID));
	AUX(AT_EUID, getauxval(AT_EUID));
	AUX(AT_GID, getauxval(AT_GID));
	AUX(AT_EGID, getauxval(AT_EGID));
	AUX(AT_SECURE, getauxval(AT_SECURE));
	AUX(AT_RANDOM, random_bytes);
	AUX(AT_HWCAP2, getauxval(AT_HWCAP2));
	AUX(AT_EXECFN, execfn);
	if (platform)
		AUX(AT_PLATFORM, platform);
	AUX(AT_NULL, 0);
#undef AUX
	return n / 2;
}

int mv_exec_stack(struct mv_exec *x)
{
	unsigned long size = stack_size(), argc = count(x->argv), envc = count(x->envp);
	int prot = PROT_READ | PROT_WRITE | (x->prog_file.exec_stack ? PROT_EXEC : 0);
	const char *platform = (const char *)getauxval(AT_PLATFORM);
	unsigned long top, execfn, plat = 0, rnd, *sp, *argp, *envp, nauxv, words;
	unsigned short gap = 0;
	char *area;

	area = mmap(NULL, size + MV_PAGE_SIZE, prot,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (area == MAP_FAILED)
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN,
				    "%s: cannot execute: no memory for its %lu KiB stack (%s)",
				    x->execfn, size >> 10, strerror(errno));
	mprotect(area, MV_PAGE_SIZE, PROT_NONE); /* the guard page */
	x->stack_low = (unsigned long)area + MV_PAGE_SIZE;
	x->stack_top = top = (unsigned long)area + MV_PAGE_SIZE + size;

	top -= sizeof(unsigned long); /* the zero word at the very top */
	execfn = push_string(&top, x->execfn);
	x->env_end = top;
	/* Strings first; their addresses wait at the stack's low end (scratch, given back below). */
	envp = (unsigned long *)x->stack_low;
	argp = envp + envc;
	if ((argc + envc + 64) * sizeof(unsigned long) > size / 2)
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN,
				    "%s: cannot execute: argument list too long", x->execfn);
	for (unsigned long i = envc; i-- > 0;)
		envp[i] = push_string(&top, x->envp[i]);
	x->env_start = top;
	x->arg_end = top;
	for (unsigned long i = argc; i-- > 0;)
		argp[i] = push_string(&top, x->argv[i]);
	x->arg_start = top;
	if (x->randomize && getrandom(&gap, sizeof(gap), 0) == sizeof(gap))
		top -= gap % MV_STACK_RND;
	top &= ~15ul;
	if (platform)
		plat = push_string(&top, platform);
	top -= 16;
	rnd = top;
	if (getrandom((void *)rnd, 16, 0) != 16)
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN,
				    "%s: cannot execute: no random bytes for AT_RANDOM (%s)",
				    x->execfn, strerror(errno));
	nauxv = build_auxv(x, rnd, plat, execfn);
	x->auxv_bytes = nauxv * 2 * sizeof(unsigned long);
	words = 1 + argc + 1 + envc + 1 + nauxv * 2;
	top = (top - words * sizeof(unsigned long)) & ~15ul;
	sp = (unsigned long *)top;
	*sp++ = argc;
	for (unsigned long i = 0; i < argc; i++)
		*sp++ = argp[i];
	*sp++ = 0;
	for (unsigned long i = 0; i < envc; i++)
		*sp++ = envp[i];
	*sp++ = 0;
	memcpy(sp, x->auxv, x->auxv_bytes);
	/* The scratch addresses at the stack's low end go: the program finds fresh zero pages there. */
	madvise((void *)x->stack_low, (argc + envc) * sizeof(unsigned long), MADV_DONTNEED);
	x->sp = top;
	return 0;
}
