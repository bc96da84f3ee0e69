/*
 * The vector registers a program sees: what CPUID and XGETBV say about
 * them (OSXSAVE, whether XCR0 enables AVX and AVX-512 state), an AVX
 * instruction run when they say it may, and sixteen registers full of a
 * pattern kept across what could lose them: a forwarded system call,
 * sleeps, threads that share a CPU and take turns spinning (each is
 * preempted for another that holds its own pattern: see preempt_spin.c),
 * a signal whose handler clobbers every register, and a handler that
 * edits the interrupted registers in its signal frame. The registers are
 * YMM when AVX may be used, else XMM: the output is the same natively
 * and on the HRT either way, as long as both enable the same. XCR0 itself
 * and the XSAVE area size CPUID 0xd gives for it are printed too: code
 * set up on one side runs on the other (glibc's dynamic linker sizes its
 * register save area from them at start-up; a fork or vfork child of a
 * hybrid program runs on Linux), so they must be Linux's on the HRT. AMX
 * is left out of both: Linux enables its tiles, hvm-kernel does not.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#define NREGS 16
#define REG_MAX 32 /* bytes of the widest register tested (YMM) */
#define ROUNDS 20 /* turns each spinner takes */
#define MAX_THREADS 64
#define WATCHDOG_S 200

#define CPUID1_ECX_OSXSAVE (1u << 27)
#define CPUID1_ECX_AVX (1u << 28)
#define XCR0_SSE_AVX 0x6u
#define XCR0_AVX512 0xe0u
#define XCR0_AMX 0x60000ull /* XTILECFG, XTILEDATA */
/* Linux's FP_XSTATE_MAGIC1, FP_XSTATE_MAGIC2 and UC_FP_XSTATE (not every libc names them). */
#define FRAME_MAGIC1 0x46505853u
#define FRAME_MAGIC2 0x46505845u
#define FRAME_UC_FP_XSTATE 0x1ul
#define SW_RESERVED 464 /* Linux's struct _fpx_sw_bytes in the legacy region */
#define LEGACY_XMM 160 /* XMM0 in the legacy region */
#define EDIT_BYTE 0x5a /* what the handler writes into register 15 in its frame */

struct regs {
	unsigned char r[NREGS][REG_MAX];
};

static int wide; /* 1: YMM registers, 0: XMM */
static int ymm_offset; /* the AVX component in the XSAVE area (CPUID 0xd.2 EBX) */

static void cpuid(unsigned int leaf, unsigned int sub, unsigned int r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

static uint64_t xgetbv0(void)
{
	unsigned int lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

static void fill(struct regs *p, unsigned int seed)
{
	for (int i = 0; i < NREGS; i++)
		for (int b = 0; b < REG_MAX; b++)
			p->r[i][b] = (unsigned char)(seed * 131 + i * 17 + b * 7 + 1);
}

static int same(const struct regs *a, const struct regs *b)
{
	for (int i = 0; i < NREGS; i++)
		if (memcmp(a->r[i], b->r[i], wide ? 32 : 16))
			return 0;
	return 1;
}

/* Every register from/to @p: the bodies of the assembly below. */
#define LOAD_YMM                                                                                   \
	"vmovdqu 0(%[in]), %%ymm0\n\tvmovdqu 32(%[in]), %%ymm1\n\t"                                \
	"vmovdqu 64(%[in]), %%ymm2\n\tvmovdqu 96(%[in]), %%ymm3\n\t"                               \
	"vmovdqu 128(%[in]), %%ymm4\n\tvmovdqu 160(%[in]), %%ymm5\n\t"                             \
	"vmovdqu 192(%[in]), %%ymm6\n\tvmovdqu 224(%[in]), %%ymm7\n\t"                             \
	"vmovdqu 256(%[in]), %%ymm8\n\tvmovdqu 288(%[in]), %%ymm9\n\t"                             \
	"vmovdqu 320(%[in]), %%ymm10\n\tvmovdqu 352(%[in]), %%ymm11\n\t"                           \
	"vmovdqu 384(%[in]), %%ymm12\n\tvmovdqu 416(%[in]), %%ymm13\n\t"                           \
	"vmovdqu 448(%[in]), %%ymm14\n\tvmovdqu 480(%[in]), %%ymm15\n\t"
#define STORE_YMM                                                                                  \
	"vmovdqu %%ymm0, 0(%[out])\n\tvmovdqu %%ymm1, 32(%[out])\n\t"                              \
	"vmovdqu %%ymm2, 64(%[out])\n\tvmovdqu %%ymm3, 96(%[out])\n\t"                             \
	"vmovdqu %%ymm4, 128(%[out])\n\tvmovdqu %%ymm5, 160(%[out])\n\t"                           \
	"vmovdqu %%ymm6, 192(%[out])\n\tvmovdqu %%ymm7, 224(%[out])\n\t"                           \
	"vmovdqu %%ymm8, 256(%[out])\n\tvmovdqu %%ymm9, 288(%[out])\n\t"                           \
	"vmovdqu %%ymm10, 320(%[out])\n\tvmovdqu %%ymm11, 352(%[out])\n\t"                         \
	"vmovdqu %%ymm12, 384(%[out])\n\tvmovdqu %%ymm13, 416(%[out])\n\t"                         \
	"vmovdqu %%ymm14, 448(%[out])\n\tvmovdqu %%ymm15, 480(%[out])\n\tvzeroupper\n\t"
#define LOAD_XMM                                                                                   \
	"movdqu 0(%[in]), %%xmm0\n\tmovdqu 32(%[in]), %%xmm1\n\t"                                  \
	"movdqu 64(%[in]), %%xmm2\n\tmovdqu 96(%[in]), %%xmm3\n\t"                                 \
	"movdqu 128(%[in]), %%xmm4\n\tmovdqu 160(%[in]), %%xmm5\n\t"                               \
	"movdqu 192(%[in]), %%xmm6\n\tmovdqu 224(%[in]), %%xmm7\n\t"                               \
	"movdqu 256(%[in]), %%xmm8\n\tmovdqu 288(%[in]), %%xmm9\n\t"                               \
	"movdqu 320(%[in]), %%xmm10\n\tmovdqu 352(%[in]), %%xmm11\n\t"                             \
	"movdqu 384(%[in]), %%xmm12\n\tmovdqu 416(%[in]), %%xmm13\n\t"                             \
	"movdqu 448(%[in]), %%xmm14\n\tmovdqu 480(%[in]), %%xmm15\n\t"
#define STORE_XMM                                                                                  \
	"movdqu %%xmm0, 0(%[out])\n\tmovdqu %%xmm1, 32(%[out])\n\t"                                \
	"movdqu %%xmm2, 64(%[out])\n\tmovdqu %%xmm3, 96(%[out])\n\t"                               \
	"movdqu %%xmm4, 128(%[out])\n\tmovdqu %%xmm5, 160(%[out])\n\t"                             \
	"movdqu %%xmm6, 192(%[out])\n\tmovdqu %%xmm7, 224(%[out])\n\t"                             \
	"movdqu %%xmm8, 256(%[out])\n\tmovdqu %%xmm9, 288(%[out])\n\t"                             \
	"movdqu %%xmm10, 320(%[out])\n\tmovdqu %%xmm11, 352(%[out])\n\t"                           \
	"movdqu %%xmm12, 384(%[out])\n\tmovdqu %%xmm13, 416(%[out])\n\t"                           \
	"movdqu %%xmm14, 448(%[out])\n\tmovdqu %%xmm15, 480(%[out])\n\t"
#define VEC_CLOBBERS                                                                               \
	"xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",   \
		"xmm11", "xmm12", "xmm13", "xmm14", "xmm15"

/*
 * The registers loaded from @in, a raw system call made (its number and
 * three arguments), then the registers stored to @out: nothing of the C
 * code runs between, so only the call and what comes with it (a signal's
 * handler, a park on the HRT) could change them.
 */
static long syscall_holding(const struct regs *in, struct regs *out, long nr, long a, long b,
			    long c)
{
	long ret = nr;

	if (wide)
		__asm__ volatile(LOAD_YMM "syscall\n\t" STORE_YMM
				 : "+a"(ret)
				 : [in] "r"(in), [out] "r"(out), "D"(a), "S"(b), "d"(c)
				 : "rcx", "r11", "memory", VEC_CLOBBERS);
	else
		__asm__ volatile(LOAD_XMM "syscall\n\t" STORE_XMM
				 : "+a"(ret)
				 : [in] "r"(in), [out] "r"(out), "D"(a), "S"(b), "d"(c)
				 : "rcx", "r11", "memory", VEC_CLOBBERS);
	return ret;
}

/* Forwarded on the HRT: a write Linux makes. */
static int across_forwarded_call(void)
{
	struct regs in, out;
	int fd = open("/dev/null", O_WRONLY);
	int ok;

	fill(&in, 1);
	memset(&out, 0, sizeof(out));
	ok = fd >= 0 && syscall_holding(&in, &out, SYS_write, fd, (long)"x", 1) == 1;
	if (fd >= 0)
		close(fd);
	return ok && same(&in, &out);
}

/* Served on the HRT: the thread parks, and the CPU may run others meanwhile. */
static int across_sleeps(void)
{
	struct timespec ms = {0, 1000000};
	struct regs in, out;
	int ok = 1;

	for (unsigned int i = 0; i < 5; i++) {
		fill(&in, 2 + i);
		memset(&out, 0, sizeof(out));
		ok &= syscall_holding(&in, &out, SYS_nanosleep, (long)&ms, 0, 0) == 0 &&
		      same(&in, &out);
	}
	return ok;
}

/* The signal test's state: its handler clobbers every register and may edit the frame. */
static volatile sig_atomic_t handled;
static int edit_frame; /* the handler writes EDIT_BYTE into register 15 in its frame */
static int frame_xstate, frame_avx, frame_magic2; /* what the frame held */

static void clobber(void)
{
	static const unsigned char ones[REG_MAX] = {[0 ... REG_MAX - 1] = 0xff};

	if (wide)
		__asm__ volatile("vmovdqu %0, %%ymm0\n\tvmovdqa %%ymm0, %%ymm1\n\t"
				 "vmovdqa %%ymm0, %%ymm2\n\tvmovdqa %%ymm0, %%ymm3\n\t"
				 "vmovdqa %%ymm0, %%ymm4\n\tvmovdqa %%ymm0, %%ymm5\n\t"
				 "vmovdqa %%ymm0, %%ymm6\n\tvmovdqa %%ymm0, %%ymm7\n\t"
				 "vmovdqa %%ymm0, %%ymm8\n\tvmovdqa %%ymm0, %%ymm9\n\t"
				 "vmovdqa %%ymm0, %%ymm10\n\tvmovdqa %%ymm0, %%ymm11\n\t"
				 "vmovdqa %%ymm0, %%ymm12\n\tvmovdqa %%ymm0, %%ymm13\n\t"
				 "vmovdqa %%ymm0, %%ymm14\n\tvmovdqa %%ymm0, %%ymm15\n\t"
				 :
				 : "m"(ones)
				 : VEC_CLOBBERS);
	else
		__asm__ volatile("movdqu %0, %%xmm0\n\tmovdqa %%xmm0, %%xmm1\n\t"
				 "movdqa %%xmm0, %%xmm2\n\tmovdqa %%xmm0, %%xmm3\n\t"
				 "movdqa %%xmm0, %%xmm4\n\tmovdqa %%xmm0, %%xmm5\n\t"
				 "movdqa %%xmm0, %%xmm6\n\tmovdqa %%xmm0, %%xmm7\n\t"
				 "movdqa %%xmm0, %%xmm8\n\tmovdqa %%xmm0, %%xmm9\n\t"
				 "movdqa %%xmm0, %%xmm10\n\tmovdqa %%xmm0, %%xmm11\n\t"
				 "movdqa %%xmm0, %%xmm12\n\tmovdqa %%xmm0, %%xmm13\n\t"
				 "movdqa %%xmm0, %%xmm14\n\tmovdqa %%xmm0, %%xmm15\n\t"
				 :
				 : "m"(ones)
				 : VEC_CLOBBERS);
}

/*
 * Looks at the frame's floating-point image as Linux lays it out (the
 * legacy region's software bytes, FP_XSTATE_MAGIC2 after the XSAVE area)
 * and, when asked, writes EDIT_BYTE into register 15: its low half in
 * the legacy region, its high half (YMM) in the AVX component.
 */
static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	unsigned char *fp = (unsigned char *)uc->uc_mcontext.fpregs;
	uint32_t magic1 = 0, xstate_size = 0, magic2 = 0;
	uint64_t xfeatures = 0;

	(void)sig, (void)si;
	clobber();
	if (fp) {
		memcpy(&magic1, fp + SW_RESERVED, 4);
		memcpy(&xfeatures, fp + SW_RESERVED + 8, 8);
		memcpy(&xstate_size, fp + SW_RESERVED + 16, 4);
	}
	frame_xstate = (uc->uc_flags & FRAME_UC_FP_XSTATE) && magic1 == FRAME_MAGIC1;
	if (frame_xstate) {
		memcpy(&magic2, fp + xstate_size, 4);
		frame_magic2 = magic2 == FRAME_MAGIC2;
		frame_avx = (xfeatures & 0x7) == 0x7;
	}
	if (edit_frame && fp) {
		memset(fp + LEGACY_XMM + 15 * 16, EDIT_BYTE, 16);
		if (wide && frame_xstate)
			memset(fp + ymm_offset + 15 * 16, EDIT_BYTE, 16);
	}
	handled = 1;
}

/* A signal to this thread from inside the registers' window: it is taken as the call returns. */
static int across_signal(int edit)
{
	struct regs in, out, want;

	fill(&in, 10 + edit);
	memset(&out, 0, sizeof(out));
	handled = 0;
	edit_frame = edit;
	syscall_holding(&in, &out, SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
	want = in;
	if (edit)
		memset(want.r[15], EDIT_BYTE, wide ? 32 : 16);
	return handled && same(&want, &out);
}

/* The spinners: a token goes round them, each holding its own pattern in every register. */
static unsigned long token;
static unsigned int nr_spinners;

struct spinner {
	pthread_t thread;
	unsigned long id;
	struct regs in, out;
	int kept;
};

static struct spinner spinners[MAX_THREADS + 1];

/*
 * ROUNDS turns: wait (spinning, no system call) until the token is
 * mine, pass it on, wait for the next turn, all with the registers
 * loaded; then store them.
 */
static void *take_turns(void *arg)
{
	struct spinner *me = arg;
	unsigned long mine = me->id, step = nr_spinners, rounds = ROUNDS;

#define SPIN                                                                                       \
	"1:\n\t"                                                                                   \
	"movq (%[token]), %%rdx\n\t"                                                               \
	"cmpq %[mine], %%rdx\n\t"                                                                  \
	"je 2f\n\t"                                                                                \
	"pause\n\t"                                                                                \
	"jmp 1b\n"                                                                                 \
	"2:\n\t"                                                                                   \
	"incq %%rdx\n\t"                                                                           \
	"movq %%rdx, (%[token])\n\t"                                                               \
	"addq %[step], %[mine]\n\t"                                                                \
	"decq %[rounds]\n\t"                                                                       \
	"jnz 1b\n\t"
	if (wide)
		__asm__ volatile(LOAD_YMM SPIN STORE_YMM
				 : [mine] "+r"(mine), [rounds] "+r"(rounds)
				 : [in] "r"(&me->in), [out] "r"(&me->out), [token] "r"(&token),
				   [step] "r"(step)
				 : "rdx", "memory", "cc", VEC_CLOBBERS);
	else
		__asm__ volatile(LOAD_XMM SPIN STORE_XMM
				 : [mine] "+r"(mine), [rounds] "+r"(rounds)
				 : [in] "r"(&me->in), [out] "r"(&me->out), [token] "r"(&token),
				   [step] "r"(step)
				 : "rdx", "memory", "cc", VEC_CLOBBERS);
	me->kept = same(&me->in, &me->out);
	return NULL;
}

static int across_preemption(void)
{
	/* As many spinners as the CPUs the program runs on, and main: two share one. */
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int threads = cpus > 0 ? (unsigned int)cpus : 4;
	int kept = 1;

	if (threads < 2)
		threads = 2;
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	nr_spinners = threads + 1;
	for (unsigned int i = 0; i <= threads; i++) {
		spinners[i].id = i;
		fill(&spinners[i].in, 100 + i);
	}
	for (unsigned int i = 1; i <= threads; i++)
		if (pthread_create(&spinners[i].thread, NULL, take_turns, &spinners[i])) {
			perror("pthread_create");
			exit(1);
		}
	take_turns(&spinners[0]);
	for (unsigned int i = 1; i <= threads; i++)
		pthread_join(spinners[i].thread, NULL);
	for (unsigned int i = 0; i <= threads; i++)
		kept &= spinners[i].kept;
	return kept && token == (unsigned long)ROUNDS * nr_spinners;
}

/* An AVX instruction, the one a CPU without AVX state enabled takes as invalid (SIGILL). */
static int avx_runs(void)
{
	static const float a[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	float sum[8];

	__asm__ volatile("vmovups %1, %%ymm0\n\tvaddps %%ymm0, %%ymm0, %%ymm0\n\t"
			 "vmovups %%ymm0, %0\n\tvzeroupper"
			 : "=m"(sum)
			 : "m"(a)
			 : "xmm0");
	return sum[7] == 16 && sum[0] == 2;
}

static const char *yes(int v)
{
	return v ? "yes" : "no";
}

int main(void)
{
	struct sigaction sa = {.sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO};
	unsigned int r[4];
	int osxsave, avx_state = 0, avx512_state = 0;
	uint64_t xcr0 = 0;

	alarm(WATCHDOG_S);
	sigaction(SIGUSR1, &sa, NULL);
	cpuid(1, 0, r);
	osxsave = !!(r[2] & CPUID1_ECX_OSXSAVE);
	if (osxsave) {
		xcr0 = xgetbv0();
		avx_state = (xcr0 & XCR0_SSE_AVX) == XCR0_SSE_AVX;
		avx512_state = (xcr0 & XCR0_AVX512) == XCR0_AVX512;
	}
	wide = (r[2] & CPUID1_ECX_AVX) && avx_state;
	if (wide) {
		cpuid(0xd, 2, r);
		ymm_offset = (int)r[1];
	}
	printf("CPUID OSXSAVE: %s\n", yes(osxsave));
	printf("XCR0 enables AVX state: %s, AVX-512 state: %s\n", yes(avx_state),
	       yes(avx512_state));
	if (osxsave && !(xcr0 & XCR0_AMX)) {
		cpuid(0xd, 0, r);
		printf("XCR0: 0x%llx, XSAVE area for it: %u bytes\n", (unsigned long long)xcr0,
		       r[1]);
	} else if (osxsave) {
		printf("XCR0 without AMX: 0x%llx\n", (unsigned long long)(xcr0 & ~XCR0_AMX));
	}
	if (wide)
		printf("an AVX instruction ran: %s\n", yes(avx_runs()));
	else
		printf("no AVX: AVX instructions not tried\n");
	printf("registers tested: %s\n", wide ? "YMM0-15" : "XMM0-15");
	printf("kept across a forwarded system call: %s\n", yes(across_forwarded_call()));
	printf("kept across sleeps: %s\n", yes(across_sleeps()));
	printf("kept across a signal whose handler clobbers them: %s\n", yes(across_signal(0)));
	printf("signal frame: XSAVE state %s, AVX in it %s, FP_XSTATE_MAGIC2 %s\n",
	       yes(frame_xstate), yes(frame_avx), yes(frame_magic2));
	printf("a handler's change to register 15 in its frame comes back: %s\n",
	       yes(across_signal(1)));
	printf("kept by threads taking turns on shared CPUs: %s\n", yes(across_preemption()));
	return 0;
}
