/*
 * The time and randomness system calls hvm-kernel can serve natively
 * (clock_gettime, clock_getres, gettimeofday, time, nanosleep,
 * clock_nanosleep, getrandom), made with syscall() so no vDSO or libc
 * shortcut stands in between. Prints relations and Linux's own constants
 * (resolutions, errno names), never times, so every run prints the same:
 *
 *   time_calls          everything, forwarded cases and error cases too
 *   time_calls served   only calls hvm-kernel serves itself (for HVM_STATS)
 *   time_calls agree    clock_gettime and gettimeofday read in turns: each
 *                       reading must lie between the two of the other call
 *                       around it, give or take SLACK_NS; run with a policy
 *                       that serves one natively and forwards the other,
 *                       it checks that the HRT's clock agrees with Linux's.
 *                       The largest miss is printed on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>

#define GRND_NONBLOCK 0x1
#define GRND_RANDOM 0x2
#define GRND_INSECURE 0x4

#define MS 1000000LL
#define READS 1000
#define SLEEP_NS (20 * MS)
#define THREADS 4
/*
 * How far a reading of one kernel's clock may stray outside the readings
 * of the other's around it: pairing the TSC with Linux's clock (HPET under
 * TCG) and extrapolating between refreshes err by microseconds; a few ms
 * leave room for a loaded TCG host.
 */
#define SLACK_NS (3 * MS)

static const int clocks[] = {CLOCK_REALTIME,
			     CLOCK_MONOTONIC,
			     CLOCK_MONOTONIC_RAW,
			     CLOCK_REALTIME_COARSE,
			     CLOCK_MONOTONIC_COARSE,
			     CLOCK_BOOTTIME,
			     CLOCK_TAI};
static const char *const clock_names[] = {
	"REALTIME", "MONOTONIC", "MONOTONIC_RAW", "REALTIME_COARSE", "MONOTONIC_COARSE",
	"BOOTTIME", "TAI"};
#define NCLOCKS (sizeof(clocks) / sizeof(clocks[0]))

static void *const bad = (void *)16;

static const char *yes(int ok)
{
	return ok ? "yes" : "NO";
}

/* The outcome of a raw system call, as "ok" (0), a number, or the errno's name. */
static const char *outcome(long r)
{
	static char buf[32];

	if (r >= 0) {
		snprintf(buf, sizeof(buf), r ? "returns %ld" : "ok", r);
		return buf;
	}
	switch (errno) {
	case EFAULT:
		return "EFAULT";
	case EINVAL:
		return "EINVAL";
	case EOPNOTSUPP:
		return "EOPNOTSUPP";
	case EINTR:
		return "EINTR";
	}
	snprintf(buf, sizeof(buf), "errno %d", errno);
	return buf;
}

static long long now(int clock)
{
	struct timespec ts;

	if (syscall(SYS_clock_gettime, clock, &ts))
		return -1;
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long wall_us(void)
{
	struct timeval tv;

	if (syscall(SYS_gettimeofday, &tv, NULL))
		return -1;
	return tv.tv_sec * 1000000LL + tv.tv_usec;
}

/* Whether the policy HVM_NATIVE lists @call by name ("all" or unset: every call). */
static int policy_serves(const char *call)
{
	const char *want = getenv("HVM_NATIVE");
	size_t len = strlen(call);

	if (!want || !strcmp(want, "all"))
		return 1;
	for (const char *w = want; *w;) {
		size_t n = strcspn(w, ",");

		if (n == len && !strncmp(w, call, len))
			return 1;
		w += n + (w[n] == ',');
	}
	return 0;
}

/*
 * How far @call's reading may lie outside two clock_gettime readings
 * around it: 0 when one kernel serves both (Linux, or hvm-kernel from one
 * snapshot: the order is exact); SLACK_NS when the hybrid runtime's policy
 * (HVM_NATIVE) serves one on hvm-kernel and forwards the other, since the
 * two kernels' clocks agree only within that. The native build reads the
 * same variable, so both builds print the same.
 */
static long long slack_against_clock_gettime(const char *call)
{
	return policy_serves(call) == policy_serves("clock_gettime") ? 0 : SLACK_NS;
}

static struct timespec ts_of(long long ns)
{
	return (struct timespec){ns / 1000000000LL, ns % 1000000000LL};
}

static void check_clocks(void)
{
	for (unsigned int c = 0; c < NCLOCKS; c++) {
		long long last = now(clocks[c]), t;
		int monotonic = last >= 0;
		struct timespec res;

		for (int i = 0; i < READS; i++) {
			t = now(clocks[c]);
			monotonic &= t >= last;
			last = t;
		}
		printf("%s: never goes back over %d reads: %s\n", clock_names[c], READS,
		       yes(monotonic));
		if (syscall(SYS_clock_getres, clocks[c], &res) == 0)
			printf("%s: resolution %ld.%09ld s\n", clock_names[c], (long)res.tv_sec,
			       res.tv_nsec);
	}
}

/* The clocks against each other: offsets that only change when the time is set. */
static void check_consistency(void)
{
	long long m1 = now(CLOCK_MONOTONIC), b = now(CLOCK_BOOTTIME), m2 = now(CLOCK_MONOTONIC);
	long long r = now(CLOCK_REALTIME), tai = now(CLOCK_TAI), r2 = now(CLOCK_REALTIME);
	long long c1 = now(CLOCK_REALTIME), g = wall_us(), c2 = now(CLOCK_REALTIME);
	long long g_slack = slack_against_clock_gettime("gettimeofday") / 1000,
		  t_slack = slack_against_clock_gettime("time");
	long t;

	printf("MONOTONIC <= BOOTTIME: %s\n", yes(m1 <= b && m2 >= m1));
	printf("TAI - REALTIME: %lld s\n", (tai - r + 500 * MS) / (1000 * MS));
	printf("REALTIME, TAI, REALTIME in order: %s\n", yes(r <= r2 && tai - r >= 0));
	printf("gettimeofday between two CLOCK_REALTIME readings: %s\n",
	       yes(c1 / 1000 - g_slack <= g && g <= c2 / 1000 + g_slack));
	c1 = now(CLOCK_REALTIME);
	t = syscall(SYS_time, NULL);
	c2 = now(CLOCK_REALTIME);
	/* Linux's time() is its coarse clock: up to a tick behind at a second's turn. */
	printf("time() between two CLOCK_REALTIME readings: %s\n",
	       yes((c1 - t_slack) / 1000000000 - 1 <= t && t <= (c2 + t_slack) / 1000000000));
	printf("CPU-time clocks readable: %s\n",
	       yes(now(CLOCK_PROCESS_CPUTIME_ID) >= 0 && now(CLOCK_THREAD_CPUTIME_ID) >= 0));
}

static void check_errors(int served_only)
{
	struct timespec ts, past = {0, 0}, big = {0, 1000000000};
	struct timespec neg_ns = {0, -1}, neg_s = {-1, 0}, zero = {0, 0};
	struct timeval tv;
	struct timezone tz = {-1, -1};
	time_t tt;
	long r;

	printf("clock_gettime(MONOTONIC, bad): %s\n",
	       outcome(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad)));
	printf("clock_gettime(REALTIME, bad): %s\n",
	       outcome(syscall(SYS_clock_gettime, CLOCK_REALTIME, bad)));
	printf("clock_getres(MONOTONIC, NULL): %s\n",
	       outcome(syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL)));
	printf("clock_getres(MONOTONIC, bad): %s\n",
	       outcome(syscall(SYS_clock_getres, CLOCK_MONOTONIC, bad)));
	printf("gettimeofday(bad, NULL): %s\n", outcome(syscall(SYS_gettimeofday, bad, NULL)));
	printf("gettimeofday(NULL, NULL): %s\n", outcome(syscall(SYS_gettimeofday, NULL, NULL)));
	printf("gettimeofday(tv, bad): %s\n", outcome(syscall(SYS_gettimeofday, &tv, bad)));
	r = syscall(SYS_gettimeofday, NULL, &tz);
	printf("gettimeofday(NULL, tz): %s, minuteswest %d dsttime %d\n", outcome(r),
	       tz.tz_minuteswest, tz.tz_dsttime);
	printf("time(bad): %s\n", outcome(syscall(SYS_time, bad)));
	r = syscall(SYS_time, &tt);
	printf("time(&t) returns t: %s\n", yes(r > 0 && r == tt));
	printf("nanosleep(1000000000 ns): %s\n", outcome(syscall(SYS_nanosleep, &big, NULL)));
	printf("nanosleep(-1 ns): %s\n", outcome(syscall(SYS_nanosleep, &neg_ns, NULL)));
	printf("nanosleep(-1 s): %s\n", outcome(syscall(SYS_nanosleep, &neg_s, NULL)));
	printf("nanosleep(bad): %s\n", outcome(syscall(SYS_nanosleep, bad, NULL)));
	printf("nanosleep(0): %s\n", outcome(syscall(SYS_nanosleep, &zero, &ts)));
	printf("clock_nanosleep(MONOTONIC, 0, 1000000000 ns): %s\n",
	       outcome(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &big, NULL)));
	printf("clock_nanosleep(MONOTONIC, 0, bad): %s\n",
	       outcome(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, bad, NULL)));
	printf("clock_nanosleep(MONOTONIC, ABSTIME, 0): %s\n",
	       outcome(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL)));
	printf("clock_nanosleep(REALTIME, ABSTIME, 0): %s\n",
	       outcome(syscall(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, &past, NULL)));
	printf("getrandom(flags 8): %s\n", outcome(syscall(SYS_getrandom, &ts, 8, 8)));
	printf("getrandom(RANDOM|INSECURE): %s\n",
	       outcome(syscall(SYS_getrandom, &ts, 8, GRND_RANDOM | GRND_INSECURE)));
	printf("getrandom(bad, 16): %s\n", outcome(syscall(SYS_getrandom, bad, 16, 0)));
	printf("getrandom(NULL, 0): %s\n", outcome(syscall(SYS_getrandom, NULL, 0, 0)));
	if (served_only)
		return;
	/* Forwarded by hvm-kernel: Linux's answers, the same either way. */
	printf("clock_gettime(1234): %s\n", outcome(syscall(SYS_clock_gettime, 1234, &ts)));
	printf("clock_gettime(-1): %s\n", outcome(syscall(SYS_clock_gettime, -1, &ts)));
	printf("clock_getres(1234): %s\n", outcome(syscall(SYS_clock_getres, 1234, &ts)));
	printf("clock_nanosleep(1234): %s\n",
	       outcome(syscall(SYS_clock_nanosleep, 1234, 0, &zero, NULL)));
	printf("clock_nanosleep(THREAD_CPUTIME): %s\n",
	       outcome(syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &zero, NULL)));
	printf("clock_nanosleep(MONOTONIC_RAW): %s\n",
	       outcome(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC_RAW, 0, &zero, NULL)));
}

/*
 * Each sleep lasts at least its time, as its own clock measures it (give
 * or take the two kernels' agreement when the policy serves the sleep and
 * clock_gettime apart).
 */
static void check_sleeps(void)
{
	struct timespec d = ts_of(SLEEP_NS), rem = {99, 99}, at;
	long long t0, t1, target, slack = slack_against_clock_gettime("nanosleep");
	long r;

	t0 = now(CLOCK_MONOTONIC);
	r = syscall(SYS_nanosleep, &d, &rem);
	t1 = now(CLOCK_MONOTONIC);
	printf("nanosleep(20 ms): %s, lasted at least 20 ms: %s, rem untouched: %s\n", outcome(r),
	       yes(t1 - t0 >= SLEEP_NS - slack), yes(rem.tv_sec == 99 && rem.tv_nsec == 99));
	slack = slack_against_clock_gettime("clock_nanosleep");
	t0 = now(CLOCK_MONOTONIC);
	r = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &d, NULL);
	t1 = now(CLOCK_MONOTONIC);
	printf("clock_nanosleep(MONOTONIC, 20 ms): %s, lasted at least 20 ms: %s\n", outcome(r),
	       yes(t1 - t0 >= SLEEP_NS - slack));
	t0 = now(CLOCK_MONOTONIC);
	r = syscall(SYS_clock_nanosleep, CLOCK_REALTIME, 0, &d, NULL);
	t1 = now(CLOCK_MONOTONIC);
	printf("clock_nanosleep(REALTIME, 20 ms): %s, lasted at least 20 ms: %s\n", outcome(r),
	       yes(t1 - t0 >= SLEEP_NS - slack));
	for (int i = 0; i < 2; i++) {
		int clock = i ? CLOCK_REALTIME : CLOCK_MONOTONIC;

		target = now(clock) + SLEEP_NS;
		at = ts_of(target);
		r = syscall(SYS_clock_nanosleep, clock, TIMER_ABSTIME, &at, NULL);
		printf("clock_nanosleep(%s, ABSTIME, now + 20 ms): %s, woke after the target: %s\n",
		       i ? "REALTIME" : "MONOTONIC", outcome(r), yes(now(clock) >= target - slack));
	}
}

static int started;

/*
 * Sleep in short naps until every thread has started. More threads than
 * HRT CPUs: if a sleeping call held its CPU, a thread waiting for that CPU
 * would never start and the naps would run out.
 */
static void *napper(void *arg)
{
	struct timespec nap = ts_of(5 * MS);
	int *ok = arg;

	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < 6000; i++) {
		if (__atomic_load_n(&started, __ATOMIC_SEQ_CST) == THREADS) {
			*ok = 1;
			break;
		}
		syscall(SYS_nanosleep, &nap, NULL);
	}
	return NULL;
}

static void check_sleeping_threads(void)
{
	pthread_t t[THREADS];
	int ok[THREADS] = {0}, all = 1;

	for (int i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, napper, &ok[i]))
			all = 0;
	for (int i = 0; i < THREADS && all; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < THREADS; i++)
		all &= ok[i];
	printf("%d threads napping until all started: %s\n", THREADS, yes(all));
}

static int all_bytes(const unsigned char *p, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

static void check_random(int served_only)
{
	unsigned char a[64], b[64], small[16];
	size_t big = 1 << 20;
	unsigned char *m;
	long r;

	r = syscall(SYS_getrandom, a, sizeof(a), 0);
	printf("getrandom(64): %s\n", outcome(r));
	syscall(SYS_getrandom, b, sizeof(b), GRND_NONBLOCK);
	printf("two 64-byte draws differ, neither constant: %s\n",
	       yes(memcmp(a, b, sizeof(a)) && !all_bytes(a, sizeof(a), a[0]) &&
		   !all_bytes(b, sizeof(b), b[0])));
	printf("getrandom(RANDOM): %s\n", outcome(syscall(SYS_getrandom, a, 8, GRND_RANDOM)));
	printf("getrandom(INSECURE): %s\n", outcome(syscall(SYS_getrandom, a, 8, GRND_INSECURE)));
	memset(small, 0xa5, sizeof(small));
	r = syscall(SYS_getrandom, small, 5, 0);
	printf("getrandom(5): %s, bytes after it untouched: %s\n", outcome(r),
	       yes(all_bytes(small + 5, sizeof(small) - 5, 0xa5)));
	m = malloc(big);
	r = m ? syscall(SYS_getrandom, m, big, 0) : -1;
	printf("getrandom(1 MiB): %s, not constant: %s\n", outcome(r),
	       yes(m && !all_bytes(m, big, m[0])));
	free(m);
	if (served_only)
		return;
	/* The copy stops at a page that cannot be written: the bytes before it count. */
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m != MAP_FAILED && !mprotect(m + 4096, 4096, PROT_READ)) {
		printf("getrandom(100) across a read-only page, 10 bytes before it: %s\n",
		       outcome(syscall(SYS_getrandom, m + 4096 - 10, 100, 0)));
		printf("getrandom(100) onto a read-only page: %s\n",
		       outcome(syscall(SYS_getrandom, m + 4096, 100, 0)));
	}
}

/*
 * Readings of clock_gettime(REALTIME) and gettimeofday in turns, many
 * times: each must lie between its neighbours, within SLACK_NS. Prints the
 * largest miss (0: always between) on stderr, for the record.
 */
static void check_agree(void)
{
	long long worst = 0, miss, gap_c = 0, gap_g = 0, width = 0;
	int ok = 1;

	for (int i = 0; i < READS; i++) {
		long long c1 = now(CLOCK_REALTIME), g = wall_us() * 1000, c2 = now(CLOCK_REALTIME);
		long long g1 = wall_us() * 1000, c = now(CLOCK_REALTIME),
			  g2 = wall_us() * 1000 + 999;

		/* g is truncated to a microsecond: it may read up to 999 ns before c1 */
		miss = g < c1 - 999 ? c1 - 999 - g : g > c2 ? g - c2 : 0;
		worst = miss > worst ? miss : worst;
		miss = c < g1 ? g1 - c : c > g2 ? c - g2 : 0;
		worst = miss > worst ? miss : worst;
		gap_g += g + 500 - (c1 + c2) / 2;
		gap_c += c - (g1 + g2 - 999) / 2;
		width += (c2 - c1) + (g2 - g1);
	}
	ok = worst <= SLACK_NS;
	printf("clock_gettime and gettimeofday agree within %lld ms: %s\n", SLACK_NS / MS, yes(ok));
	fprintf(stderr,
		"time_calls: largest miss between clock_gettime and gettimeofday: %lld ns; mean reading minus the middle of its neighbours: gettimeofday %lld ns, clock_gettime %lld ns; mean window %lld ns\n",
		worst, gap_g / READS, gap_c / READS, width / (2 * READS));
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "all";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(mode, "agree")) {
		check_agree();
		return 0;
	}
	if (!strcmp(mode, "served")) {
		for (unsigned int c = 0; c < NCLOCKS; c++)
			now(clocks[c]);
		check_errors(1);
		check_sleeps();
		check_random(1);
		check_agree();
		return 0;
	}
	check_clocks();
	check_consistency();
	check_errors(0);
	check_sleeps();
	check_sleeping_threads();
	check_random(0);
	return 0;
}
