/*
 * Threads that come and go: round after round, a few threads start, each
 * computes a sum of its own, and all are joined; one detached thread per
 * round ends on its own. The sums add up the same every run.
 */
#include <pthread.h>
#include <stdio.h>

#define ROUNDS 40
#define PER_ROUND 4

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t detached_done = PTHREAD_COND_INITIALIZER;
static int detached_ended;

static void *sum(void *arg)
{
	long n = (long)arg, s = 0;

	for (long i = 1; i <= n; i++)
		s += i * i % 97;
	return (void *)s;
}

static void *detached(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	detached_ended++;
	pthread_cond_signal(&detached_done);
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	long total = 0;
	int failed = 0;

	for (int r = 0; r < ROUNDS; r++) {
		pthread_t t[PER_ROUND], d;
		void *v;

		for (int i = 0; i < PER_ROUND; i++)
			failed |= pthread_create(&t[i], NULL, sum, (void *)(long)(1000 * r + i));
		failed |= pthread_create(&d, NULL, detached, NULL);
		failed |= pthread_detach(d);
		for (int i = 0; i < PER_ROUND; i++) {
			failed |= pthread_join(t[i], &v);
			total += (long)v;
		}
	}
	pthread_mutex_lock(&lock);
	while (detached_ended < ROUNDS)
		pthread_cond_wait(&detached_done, &lock);
	pthread_mutex_unlock(&lock);
	printf("%d rounds of %d joined threads: sum %ld; %d detached threads ended; failures: %d\n",
	       ROUNDS, PER_ROUND, total, detached_ended, failed);
	return failed;
}
