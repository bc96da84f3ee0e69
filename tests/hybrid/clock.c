/* Time from the vDSO and from system calls: monotonic, and close to each other. */
#include <stdio.h>
#include <time.h>
#include <sys/time.h>

int main(void)
{
	struct timespec a, b;
	struct timeval tv;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (volatile int i = 0; i < 100000; i++)
		;
	clock_gettime(CLOCK_MONOTONIC, &b);
	gettimeofday(&tv, NULL);
	printf("monotonic: %s\n",
	       (b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec)) ? "yes"
											 : "NO");
	printf("wall clock after 2020: %s\n", tv.tv_sec > 1577836800 ? "yes" : "NO");
	return 0;
}
