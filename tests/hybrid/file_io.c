/* Files: stdio and raw I/O, seek, stat, rename, unlink, a directory listing. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	char buf[64] = {0};
	struct stat st;
	FILE *f = fopen("numbers.txt", "w");
	int fd;

	for (int i = 0; i < 1000; i++)
		fprintf(f, "%d\n", i * i);
	fclose(f);
	fd = open("numbers.txt", O_RDONLY);
	lseek(fd, 100, SEEK_SET);
	if (read(fd, buf, 20) != 20)
		return 2;
	close(fd);
	stat("numbers.txt", &st);
	printf("size %lld, bytes 100..119: %s\n", (long long)st.st_size, strtok(buf, "\n"));
	rename("numbers.txt", "squares.txt");
	fd = open("scratch.tmp", O_WRONLY | O_CREAT, 0600);
	write(fd, "x", 1);
	close(fd);
	unlink("scratch.tmp");
	DIR *d = opendir(".");
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	printf("files here: %d, squares.txt exists: %s\n", n,
	       access("squares.txt", F_OK) ? "no" : "yes");
	return 0;
}
