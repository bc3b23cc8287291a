// SPDX-License-Identifier: GPL-2.0
/*
 * kshelper: ask the real clients in a guest, one name per line, without a
 * process per name (fork and exec are slow under TCG).  Built static for
 * the guest by tests/module/build-helper.
 *
 *   kshelper kprobe_event NAMES    p:ksc/p0 NAME, then -:ksc/p0
 *   kprobe_event_addr ADDRS        p:ksc/p0 0xADDR (one address a line)
 *   kshelper ftrace NAMES          set_ftrace_filter, opened O_TRUNC per name
 *   kshelper perf NAMES            perf_event_open() of the kprobe PMU
 *   kshelper write FILE [--trunc] STR...   write() each STR, then close()
 *   kshelper append FILE NAMES     one write() per name (O_APPEND)
 *   kshelper once FILE NAMES       all names in one write() (O_TRUNC)
 *   kshelper livepatch KO LIST     per line "NAME SYMPOS OBJ SITE" (OBJ -
 *                                  for vmlinux, SITE 0 for none): load KO
 *                                  (tests/module/kslp) with those
 *                                  parameters, which calls
 *                                  klp_enable_patch(); then disable the
 *                                  patch and unload it
 *
 * Output: "NAME ok" or "NAME ERRNO" per name ("NAME:SYMPOS ..." for
 * livepatch); write prints one line per
 * write() and one for close(); append and once print "ns N".
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define TRACEFS "/sys/kernel/tracing"

#include "ksguest.h"

/* write() s to fd; 0 or errno. */
static int put(int fd, const char *s)
{
	ssize_t n = write(fd, s, strlen(s));

	return n < 0 ? errno : 0;
}

static int kprobe_event(const char *list, int by_addr)
{
	char name[512], cmd[600];
	FILE *f = open_list(list);
	int fd, err;

	fd = open(TRACEFS "/kprobe_events", O_WRONLY | O_APPEND);
	if (fd < 0) {
		fprintf(stderr, "kshelper: kprobe_events: %s\n", strerror(errno));
		return 2;
	}
	while (next_line(f, name, sizeof(name))) {
		snprintf(cmd, sizeof(cmd), "p:ksc/p0 %s%s\n",
			 by_addr ? "0x" : "", name);
		err = put(fd, cmd);
		printf("%s %s\n", name, err ? ename(err) : "ok");
		if (!err && put(fd, "-:ksc/p0\n"))
			fprintf(stderr, "kshelper: cannot remove ksc/p0\n");
	}
	close(fd);
	fclose(f);
	return 0;
}

static int ftrace(const char *list)
{
	char name[512], cmd[600];
	FILE *f = open_list(list);
	int fd, err;

	while (next_line(f, name, sizeof(name))) {
		fd = open(TRACEFS "/set_ftrace_filter", O_WRONLY | O_TRUNC);
		if (fd < 0) {
			fprintf(stderr, "kshelper: set_ftrace_filter: %s\n",
				strerror(errno));
			return 2;
		}
		/* the separator makes ftrace apply the name in write() */
		snprintf(cmd, sizeof(cmd), "%s\n", name);
		err = put(fd, cmd);
		printf("%s %s\n", name, err ? ename(err) : "ok");
		close(fd);
	}
	fd = open(TRACEFS "/set_ftrace_filter", O_WRONLY | O_TRUNC);
	if (fd >= 0)
		close(fd);
	fclose(f);
	return 0;
}

static int perf(const char *list)
{
	struct perf_event_attr attr;
	char name[512];
	FILE *t = fopen("/sys/bus/event_source/devices/kprobe/type", "r");
	FILE *f;
	int type, fd;

	if (!t || fscanf(t, "%d", &type) != 1) {
		fprintf(stderr, "kshelper: no kprobe PMU\n");
		return 4;
	}
	fclose(t);
	f = open_list(list);
	while (next_line(f, name, sizeof(name))) {
		memset(&attr, 0, sizeof(attr));
		attr.size = sizeof(attr);
		attr.type = type;
		attr.config1 = (uint64_t)(uintptr_t)name;	/* kprobe_func */
		attr.config2 = 0;				/* probe_offset */
		attr.sample_period = 1;
		attr.disabled = 1;
		fd = syscall(SYS_perf_event_open, &attr, -1, 0, -1, 0);
		printf("%s %s\n", name, fd < 0 ? ename(errno) : "ok");
		if (fd >= 0)
			close(fd);
	}
	fclose(f);
	return 0;
}

/*
 * Disable the patch the last load enabled (a transition still running is
 * reversed) and unload the module once livepatch has let it go; -1 when
 * that takes longer than a minute.
 */
static int unpatch(const char *mod)
{
	char path[128];
	int fd, i;

	snprintf(path, sizeof(path), "/sys/kernel/livepatch/%s/enabled", mod);
	fd = open(path, O_WRONLY);
	if (fd >= 0) {
		if (put(fd, "0\n"))
			fprintf(stderr, "kshelper: %s: %s\n", path,
				strerror(errno));
		close(fd);
	}
	for (i = 0; i < 6000; i++) {
		if (!syscall(SYS_delete_module, mod, O_NONBLOCK))
			return 0;
		if (errno != EWOULDBLOCK && errno != EBUSY)
			break;
		usleep(10000);
	}
	fprintf(stderr, "kshelper: cannot unload %s: %s\n", mod,
		strerror(errno));
	return -1;
}

static int livepatch(const char *ko, const char *list)
{
	char line[700], name[512], obj[64], site[40], params[800];
	const char *mod = "kslp";
	FILE *f = open_list(list);
	unsigned int pos;
	int fd, err;

	while (next_line(f, line, sizeof(line))) {
		if (sscanf(line, "%511s %u %63s %39s", name, &pos, obj,
			   site) != 4)
			continue;
		fd = open(ko, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "kshelper: %s: %s\n", ko,
				strerror(errno));
			return 2;
		}
		snprintf(params, sizeof(params), "func=%s sympos=%u site=%s%s%s",
			 name, pos, site, strcmp(obj, "-") ? " obj=" : "",
			 strcmp(obj, "-") ? obj : "");
		err = syscall(SYS_finit_module, fd, params, 0) ? errno : 0;
		close(fd);
		printf("%s:%u %s\n", name, pos, err ? ename(err) : "ok");
		if (!err && unpatch(mod))
			return 3;
	}
	fclose(f);
	return 0;
}

static int writes(int argc, char **argv)
{
	int flags = O_WRONLY | O_APPEND, fd, i = 3;

	if (argc > 3 && !strcmp(argv[3], "--trunc")) {
		flags = O_WRONLY | O_TRUNC;
		i++;
	}
	fd = open(argv[2], flags);
	if (fd < 0) {
		printf("open %s\n", ename(errno));
		return 1;
	}
	for (; i < argc; i++) {
		int err = put(fd, argv[i]);

		printf("write %s\n", err ? ename(err) : "ok");
	}
	printf("close %s\n", close(fd) ? ename(errno) : "ok");
	return 0;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* one write() per name, or every name in one write() */
static int bench(const char *file, const char *list, int once)
{
	static char all[1 << 20];
	char name[512];
	FILE *f = open_list(list);
	size_t len = 0;
	long long t0;
	int fd, bad = 0;

	fd = open(file, O_WRONLY | (once ? O_TRUNC : O_APPEND));
	if (fd < 0)
		return 2;
	t0 = now_ns();
	while (next_line(f, name, sizeof(name))) {
		if (once) {
			len += snprintf(all + len, sizeof(all) - len, "%s\n",
					name);
			continue;
		}
		strcat(name, "\n");
		bad += !!put(fd, name);
	}
	if (once)
		bad += write(fd, all, len) != (ssize_t)len;
	close(fd);
	printf("ns %lld failed %d\n", now_ns() - t0, bad);
	fclose(f);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "kprobe_event"))
		return kprobe_event(argv[2], 0);
	if (argc >= 3 && !strcmp(argv[1], "kprobe_event_addr"))
		return kprobe_event(argv[2], 1);
	if (argc >= 3 && !strcmp(argv[1], "ftrace"))
		return ftrace(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "perf"))
		return perf(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "write"))
		return writes(argc, argv);
	if (argc >= 4 && !strcmp(argv[1], "append"))
		return bench(argv[2], argv[3], 0);
	if (argc >= 4 && !strcmp(argv[1], "once"))
		return bench(argv[2], argv[3], 1);
	if (argc >= 4 && !strcmp(argv[1], "livepatch"))
		return livepatch(argv[2], argv[3]);
	fprintf(stderr, "usage: kshelper kprobe_event|kprobe_event_addr|ftrace|perf LIST | write FILE [--trunc] STR... | append|once FILE LIST | livepatch KO LIST\n");
	return 2;
}
