// SPDX-License-Identifier: MIT
/*
 * hvm-fuzz-shared: what a hostile hybrid program can do to the shared
 * memory hvm.ko reads. Its function runs on the HRT in ring 0, where the
 * whole partition is mapped at HVM_KERNEL_VBASE, and writes there; no test
 * hook is needed, any hybrid program could. hvm.ko must stay sane
 * whatever it finds (the fuzz_shared vm case checks Linux).
 *
 *   hvm-fuzz-shared AREA SECONDS [SEED]
 *       random writes into AREA for SECONDS, in calls of WRITES_PER_CALL
 *       writes on every HRT CPU in turn: slots, forward, cores, crash, log,
 *       boot. Exits 0 when the time is up or the HRT stopped taking calls.
 *   hvm-fuzz-shared forge-crash CPU
 *       a crash record for HRT CPU CPU whose reason holds escape sequences
 *       and control bytes, then its state CRASHED (the CPU goes on running)
 *   hvm-fuzz-shared forge-log
 *       log text with escape sequences and control bytes
 *
 * The values written stay off what would make hvm-kernel itself act on
 * garbage rather than hvm.ko read it: no Linux slot state (FREE, POSTED,
 * RESUMED: the HRT would start or resume a call), no forged state with the
 * call's own sequence number (indistinguishable from the HRT's own: README,
 * Trust model), no system-call number in a forward record but harmless
 * ones, no APIC id, vector or log size (the HRT sends interrupts and
 * writes where they say), no request field of a slot (the HRT would run it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <hrt.h>
#include <hvm/barrier.h>
#include <hvm/boot.h>
#include <hvm/call.h>

#define STACK_SIZE (64 * 1024)
#define WRITES_PER_CALL 64
#define CALL_TIMEOUT_NS 2000000000ULL /* a call whose slot the writes hid ends here */
#define PART(offset) ((char *)(HVM_KERNEL_VBASE + (offset)))
#define LOG_DATA_SIZE (HVM_LOG_AREA_SIZE - sizeof(struct hvm_log_ring))

enum area { SLOTS, FORWARD, CORES, CRASH, LOG, BOOT, FORGE_CRASH, FORGE_LOG };

static const char *const area_names[] = {"slots", "forward", "cores",	    "crash",
					 "log",	  "boot",    "forge-crash", "forge-log"};

struct job {
	enum area area;
	unsigned int cpu; /* forge-crash: whose record */
	unsigned long long seed;
};

/* Runs on the HRT: no library calls, only the job and the partition. */
static unsigned long long next(unsigned long long *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

static void put_text(char *dst, const char *text, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		dst[i] = text[i];
}

/* A state only the HRT publishes, or garbage: never one Linux's (the HRT would act on it). */
static __u32 hrt_state(unsigned long long r)
{
	static const __u32 states[] = {HVM_SLOT_RUNNING, HVM_SLOT_DONE, HVM_SLOT_FAULTED,
				       HVM_SLOT_ABORTED, HVM_SLOT_FORWARD};

	return r & 1 ? states[(r >> 8) % 5] : 8 + (__u32)(r >> 32) % 0x7ffffff0;
}

static void scribble_slot(unsigned long long *s)
{
	unsigned long long r = next(s);
	struct hvm_call_slot *slot = hvm_slot(PART(0), (__u32)(r >> 8) % HVM_MAX_SLOTS);
	__u32 seq = slot->seq, v = (__u32)next(s);

	switch (r % 3) {
	case 0:
		slot->state = hrt_state(next(s));
		break;
	case 1:
		slot->state_seq = v == seq ? v + 1 : v; /* a forgery with seq is the HRT's word */
		break;
	default:
		slot->result = next(s);
		break;
	}
}

static void scribble_forward(unsigned long long *s)
{
	static const unsigned long long harmless[] = {HVM_FORWARD_FAULT, 39 /* getpid */,
						      102 /* getuid */, 1ULL << 40 /* none */};
	unsigned long long r = next(s);
	struct hvm_forward *fw = hvm_slot_forward(PART(0), (__u32)(r >> 8) % HVM_MAX_SLOTS);

	if (r & 1)
		fw->nr = harmless[(r >> 20) % 4];
	else
		fw->args[(r >> 20) % 6] = next(s);
}

static void scribble_core(unsigned long long *s)
{
	unsigned long long r = next(s);
	struct hvm_core *core = hvm_core_at(PART(0), (__u32)(r >> 8) % HVM_MAX_CPUS);
	/* Every field but Linux's targets, shoot_space and abort_slot. */
	__u32 *fields[] = {&core->space,     &core->shoot_seq, &core->shoot_ack,
			   &core->abort_seq, &core->abort_ack, &core->slot};
	__u32 v = (__u32)next(s);

	if (r % 8 == 7)
		core->calls = next(s);
	else if (r % 8 == 6) /* a space id, or just past the ids */
		core->space = v % (HVM_MAX_SPACES + 2);
	else
		*fields[r % 8] = v;
}

static void scribble_crash(unsigned long long *s)
{
	unsigned long long r = next(s);
	unsigned int i = (unsigned int)(r >> 8) % (HVM_MAX_CPUS + HVM_MAX_SLOTS);
	char *rec = i < HVM_MAX_CPUS ? (char *)hvm_cpu_crash(PART(0), i)
				     : (char *)hvm_slot_crash(PART(0), i - HVM_MAX_CPUS);
	unsigned long long at = next(s) % (sizeof(struct hvm_crash_record) / 8);

	((unsigned long long *)rec)[at] = next(s);
}

static void scribble_log(unsigned long long *s)
{
	struct hvm_log_ring *ring = (struct hvm_log_ring *)PART(HVM_LOG_OFFSET);
	unsigned long long r = next(s);

	if (r % 16 == 0)
		ring->head = r % 4 ? ring->head + (r >> 8) % 4096 : next(s);
	else
		ring->data[(r >> 8) % LOG_DATA_SIZE] = (char)(r >> 40);
}

static void scribble_boot(unsigned long long *s)
{
	struct hvm_boot_info *bi = (struct hvm_boot_info *)PART(HVM_BOOT_INFO_OFFSET);
	unsigned long long r = next(s);
	struct hvm_boot_cpu *c = &bi->cpus[(r >> 8) % HVM_MAX_CPUS];

	if (r & 1)
		c->state = r & 2 ? (__u32)(r >> 16) % 4 : (__u32)(r >> 32);
	else
		c->up_tsc = next(s);
}

static const char forged_reason[] = "forged\x1b[2J\x07\r\n reason\xff";
static const char forged_log[] = "forged log \x1b]0;pwned\x07\x1b[2J line\r\n";

/* A crash record that passes hvm.ko's checks, then CRASHED, as a crashing CPU leaves them. */
static void forge_crash(unsigned int cpu)
{
	struct hvm_crash_record *rec = hvm_cpu_crash(PART(0), cpu);
	struct hvm_boot_info *bi = (struct hvm_boot_info *)PART(HVM_BOOT_INFO_OFFSET);

	rec->magic = HVM_ABI_MAGIC;
	rec->revision = HVM_ABI_REVISION;
	rec->cpu = cpu;
	rec->vector = 6;
	rec->rip = HVM_KERNEL_VBASE + 0x200000;
	rec->nr_frames = 0xffffffff;
	put_text(rec->reason, forged_reason, sizeof(forged_reason));
	hvm_publish(&rec->valid, 1);
	hvm_publish(&bi->cpus[cpu].state, HVM_CPU_CRASHED);
}

static void forge_log(void)
{
	struct hvm_log_ring *ring = (struct hvm_log_ring *)PART(HVM_LOG_OFFSET);
	unsigned long long head = ring->head;

	for (unsigned long i = 0; i < sizeof(forged_log) - 1; i++)
		ring->data[(head + i) % LOG_DATA_SIZE] = forged_log[i];
	hvm_publish(&ring->head, head + sizeof(forged_log) - 1);
}

static long scribble(long arg)
{
	struct job *j = (struct job *)arg;
	unsigned long long s = j->seed;

	if (j->area == FORGE_CRASH)
		forge_crash(j->cpu);
	if (j->area == FORGE_LOG)
		forge_log();
	for (int n = 0; n < WRITES_PER_CALL && j->area < FORGE_CRASH; n++) {
		switch (j->area) {
		case SLOTS:
			scribble_slot(&s);
			break;
		case FORWARD:
			scribble_forward(&s);
			break;
		case CORES:
			scribble_core(&s);
			break;
		case CRASH:
			scribble_crash(&s);
			break;
		case LOG:
			scribble_log(&s);
			break;
		default:
			scribble_boot(&s);
			break;
		}
	}
	j->seed = s;
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One call of scribble() on HRT CPU cpu, stopped after CALL_TIMEOUT_NS: its status. */
static int fuzz_call(unsigned int cpu, struct job *j, char *stack_top)
{
	struct hvm_call_request req;
	int err;

	memset(&req, 0, sizeof(req));
	req.func = (unsigned long)scribble;
	req.arg = (unsigned long)j;
	req.stack_top = (unsigned long)stack_top;
	req.cpu = cpu;
	req.timeout_ns = CALL_TIMEOUT_NS;
	err = hrt_call_request(&req);
	return err ? err : req.status[0];
}

static int usage(void)
{
	fprintf(stderr, "usage: hvm-fuzz-shared slots|forward|cores|crash|log|boot SECONDS [SEED]\n"
			"       hvm-fuzz-shared forge-crash CPU | forge-log\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct job j = {0};
	long calls = 0, lost = 0;
	char *stack;
	double end;
	int err;

	if (argc < 2)
		return usage();
	for (j.area = 0; j.area <= FORGE_LOG && strcmp(argv[1], area_names[j.area]); j.area++)
		;
	if (j.area > FORGE_LOG || (j.area != FORGE_LOG && argc < 3))
		return usage();
	stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	err = stack == MAP_FAILED ? -ENOMEM : hrt_merge();
	if (err) {
		fprintf(stderr, "hvm-fuzz-shared: cannot merge: %s\n", strerror(-err));
		return 1;
	}
	stack += STACK_SIZE;
	if (j.area >= FORGE_CRASH) {
		j.cpu = j.area == FORGE_CRASH ? (unsigned int)atoi(argv[2]) : 0;
		if (j.cpu >= (unsigned int)hrt_nr_cpus())
			return usage();
		err = fuzz_call(0, &j, stack);
		printf("%s: call %s\n", argv[1], err ? strerror(-err) : "done");
		return 0;
	}
	j.seed = argc > 3 ? strtoull(argv[3], NULL, 0) : 0x5eed5eedULL;
	end = now() + atof(argv[2]);
	while (now() < end) {
		err = fuzz_call((unsigned int)(calls++ % hrt_nr_cpus()), &j, stack);
		/* What the writes did to the calls is the test's question, not ours. */
		if (err == -ETIMEDOUT || err == -EINTR || err == -EFAULT) {
			lost++;
			j.seed += 0x9e3779b9; /* the call may not have run: move on anyway */
		} else if (err) {
			printf("%s: call %ld: %s: the HRT takes no more calls\n", argv[1], calls,
			       strerror(-err));
			break;
		}
	}
	printf("%s: %ld calls of %d writes, %ld of them lost\n", argv[1], calls, WRITES_PER_CALL,
	       lost);
	return 0;
}
