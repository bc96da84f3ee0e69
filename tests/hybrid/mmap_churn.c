/* mmap, touch, mprotect, munmap in a loop, with contents checked each time. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(void)
{
	unsigned long sum = 0;

	for (int round = 1; round <= 300; round++) {
		size_t len = (size_t)(round % 17 + 1) * 4096;
		unsigned char *m =
			mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (m == MAP_FAILED)
			return 2;
		memset(m, round & 0xff, len);
		mprotect(m, len, PROT_READ);
		for (size_t i = 0; i < len; i += 4096)
			sum += m[i];
		munmap(m, len);
	}
	printf("checksum %lu\n", sum);
	return 0;
}
