/* Many allocations of many sizes (brk and mmap both), checked contents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	static char *slot[4096];
	unsigned long sum = 0, seed = 12345;

	for (int round = 0; round < 20000; round++) {
		int i = (int)((seed = seed * 6364136223846793005ul + 1) >> 52) % 4096;
		size_t size = (seed >> 20) % (round % 50 == 0 ? 300000 : 2000) + 1;

		if (slot[i]) {
			sum += (unsigned char)slot[i][0];
			free(slot[i]);
		}
		slot[i] = malloc(size);
		memset(slot[i], (int)(size & 0xff), size);
	}
	for (int i = 0; i < 4096; i++)
		free(slot[i]);
	printf("checksum %lu\n", sum);
	return 0;
}
