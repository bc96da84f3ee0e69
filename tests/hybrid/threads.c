/*
 * pthreads: more threads than HRT CPUs, a mutex, a barrier, a condition
 * variable handing out turns in order, __thread TLS and join results.
 */
#include <pthread.h>
#include <stdio.h>

#define NR_THREADS 6
#define ROUNDS 2000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t all_counted;
static __thread long mine;
static long counter, turn;

static void *worker(void *arg)
{
	long id = (long)arg;

	mine = 100 * id + 7;
	for (int k = 0; k < ROUNDS; k++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	pthread_barrier_wait(&all_counted);
	pthread_mutex_lock(&lock);
	while (turn != id)
		pthread_cond_wait(&turn_changed, &lock);
	printf("thread %ld: my TLS value %ld, counter %ld\n", id, mine, counter);
	turn++;
	pthread_cond_broadcast(&turn_changed);
	pthread_mutex_unlock(&lock);
	return (void *)(2 * id);
}

int main(void)
{
	pthread_t t[NR_THREADS];
	long sum = 0;

	mine = -1;
	pthread_barrier_init(&all_counted, NULL, NR_THREADS);
	for (long i = 0; i < NR_THREADS; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)i))
			return printf("pthread_create failed\n"), 2;
	for (int i = 0; i < NR_THREADS; i++) {
		void *r;

		pthread_join(t[i], &r);
		sum += (long)r;
	}
	printf("joined %d threads, results sum %ld, main's TLS value %ld\n", NR_THREADS, sum, mine);
	return 0;
}
