/*
 * Holds many threads: starts up to N of them (the argument, default 300),
 * each blocked reading a pipe, and stops at the first pthread_create that
 * fails; says how many it started and why it stopped. It keeps them until
 * its standard input ends, then lets them go and joins them. Natively it
 * starts all N; hybrid, each thread holds one of hvm.ko's call slots, so
 * it stops at its share (max_slots_per_process) or when the slots run out.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_THREADS 1000
#define THREAD_STACK (64 * 1024)

static int gate[2]; /* the threads read gate[0] until gate[1] is closed */

static void *blocked(void *arg)
{
	char c;

	(void)arg;
	return (void *)read(gate[0], &c, 1);
}

int main(int argc, char **argv)
{
	static pthread_t t[MAX_THREADS];
	int want = argc > 1 ? atoi(argv[1]) : 300, n, err = 0;
	pthread_attr_t attr;
	char c;

	if (want < 0 || want > MAX_THREADS || pipe(gate))
		return 2;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, THREAD_STACK);
	for (n = 0; n < want; n++) {
		err = pthread_create(&t[n], &attr, blocked, NULL);
		if (err)
			break;
	}
	printf("started %d threads%s%s\n", n, err ? ", then pthread_create: " : "",
	       err ? strerror(err) : "");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	close(gate[1]);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	printf("joined %d threads\n", n);
	return 0;
}
