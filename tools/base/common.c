// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers every subcommand uses: the one error printer, allocation that
 * cannot fail quietly, whole-file reads.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <json-c/json.h>

#include "base.h"

/* Length of the valid UTF-8 sequence at s (1 to 4), 0 if it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	for (i = 1; i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
	}
	return n;
}

/*
 * Print a JSON document and a newline, always valid UTF-8: json-c copies
 * string bytes as they are, so a byte that is not part of a valid UTF-8
 * sequence (from a file name, a report, a page) becomes \ufffd.  Such
 * bytes can only be inside strings, where the escape is valid JSON.
 */
void json_fputs(FILE *f, const char *doc)
{
	const unsigned char *s = (const unsigned char *)doc;

	while (*s) {
		size_t n = utf8_len(s);

		if (n) {
			fwrite(s, 1, n, f);
			s += n;
		} else {
			fputs("\\ufffd", f);
			s++;
		}
	}
	fputc('\n', f);
}

/*
 * The one error printer.  In JSON mode the error is the document on
 * stdout ({"error": "..."}), so a consumer always gets JSON: one line with
 * -j, indented with -p, like every other document; otherwise it goes to
 * stderr prefixed with the program name.
 */
void p_err(const struct ks_ctx *ctx, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	if (ctx && ctx->json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "error",
				       json_object_new_string(msg));
		json_fputs(stdout, json_object_to_json_string_ext(o,
			   ks_json_flags(ctx)));
		json_object_put(o);
		return;
	}
	fprintf(stderr, "%s: error: %s\n", ctx ? ctx->prog : "ksymstat", msg);
}

/* JSON layout, bpftool's way: compact with -j/--json, indented with -p. */
int ks_json_flags(const struct ks_ctx *ctx)
{
	return JSON_C_TO_STRING_NOSLASHESCAPE |
	       (ctx->pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
			      JSON_C_TO_STRING_PLAIN);
}

/* An option getopt_long() did not take; word is argv[optind - 1]. */
void p_bad_option(const struct ks_ctx *ctx, const char *cmd, const char *word)
{
	p_err(ctx, "%s: unknown or incomplete option '%s' (see ksymstat help %s)",
	      cmd, word, cmd);
}

static void oom(void)
{
	fprintf(stderr, "ksymstat: error: out of memory\n");
	exit(KS_EXIT_ERROR);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

static uint64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A monotonic clock in nanoseconds, for timings. */
uint64_t now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

/* The CPU time of the process so far, in nanoseconds. */
uint64_t cpu_ns(void)
{
	return clock_ns(CLOCK_PROCESS_CPUTIME_ID);
}

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		oom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		oom();
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int ret;

	va_start(ap, fmt);
	ret = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (ret < 0)
		oom();
	return p;
}

/* Make room for element n (0-based) of an array of cap elements. */
void *array_grow(void *arr, size_t *cap, size_t n, size_t size)
{
	size_t ncap;

	if (n < *cap)
		return arr;
	ncap = *cap ? *cap * 2 : 8;
	while (ncap <= n)
		ncap *= 2;
	arr = xrealloc(arr, ncap * size);
	memset((char *)arr + *cap * size, 0, (ncap - *cap) * size);
	*cap = ncap;
	return arr;
}

/*
 * Read a whole file.  debugfs and procfs files report st_size 0, so read
 * until EOF.  Returns 0 or -errno; *buf is NUL-terminated.
 */
int read_file(const char *path, char **buf, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *p;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	p = xcalloc(1, cap);
	for (;;) {
		ssize_t r;

		if (cap - n < 4096) {
			cap *= 2;
			p = xrealloc(p, cap);
		}
		r = read(fd, p + n, cap - n - 1);
		if (r < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			close(fd);
			free(p);
			return -e;
		}
		if (r == 0)
			break;
		n += r;
	}
	close(fd);
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 0;
}

/*
 * read_file() of an input given by name (a regular file: input_check()),
 * with the error message every input reader gives.
 */
int read_input(const char *path, char **buf, size_t *len, char *err,
	       size_t errlen)
{
	int ret = input_check(NULL, path, false, err, errlen);

	if (ret)
		return ret;
	ret = read_file(path, buf, len);
	if (ret)
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(-ret));
	return ret;
}

/*
 * An option with an optional path argument, "--kallsyms [FILE]": the next
 * word is taken as the path when it contains a slash, so a function name
 * never is.  "--kallsyms=FILE" works too (getopt hands that in optarg).
 */
const char *optional_path(int argc, char **argv, int *optind_p)
{
	int i = *optind_p;

	if (i < argc && argv[i][0] != '-' && strchr(argv[i], '/')) {
		*optind_p = i + 1;
		return argv[i];
	}
	return NULL;
}

/*
 * A number as the formats write it: digits only (base 16: hex digits,
 * "0x" allowed), no sign, no blank, and within 64 bits.  strtoull() alone
 * would skip leading blanks, take a sign ("-1" wraps to 2^64-1) and clamp
 * what overflows.  Returns 0, -EINVAL (not a number) or -ERANGE.
 */
int parse_u64(const char *s, int base, uint64_t *out)
{
	char *end;

	if (!s || !(base == 16 ? isxdigit((unsigned char)*s) :
		    isdigit((unsigned char)*s)))
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, base);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || *end || end == s)
		return -EINVAL;
	return 0;
}

/*
 * Inputs are read whole, so one that never ends (/dev/zero, a FIFO)
 * would grow without bound: every input given by name must be a regular
 * file (procfs, sysfs and debugfs files are).  opt names the option
 * ("--live"), or is NULL for a SOURCE of import.  Returns 0 or -errno
 * with the message in err.
 */
int input_check(const char *opt, const char *path, bool dir_ok, char *err,
		size_t errlen)
{
	struct stat sb;
	int ret;

	if (stat(path, &sb)) {
		ret = -errno;
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	if (S_ISREG(sb.st_mode) || (dir_ok && S_ISDIR(sb.st_mode)))
		return 0;
	snprintf(err, errlen, "%s%s%s: %s", opt ? opt : "", opt ? " " : "",
		 path, S_ISDIR(sb.st_mode) ? "a directory, not a file" :
		 S_ISCHR(sb.st_mode) ? "a character device, not a regular file" :
		 S_ISBLK(sb.st_mode) ? "a block device, not a regular file" :
		 S_ISFIFO(sb.st_mode) ? "a FIFO, not a regular file" :
		 "not a regular file");
	return S_ISDIR(sb.st_mode) ? -EISDIR : -EINVAL;
}

bool str_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/*
 * The next line of buf[0, len) at *pos, NUL-terminated in place (the '\n'
 * is overwritten), or NULL at the end.  Blank lines are returned too, so
 * line numbers count every line.  *nul is set when the line holds a NUL
 * byte, which text inputs never do.
 */
char *next_line(char *buf, size_t len, size_t *pos, bool *nul)
{
	char *line, *nl;
	size_t n;

	if (*pos >= len)
		return NULL;
	line = buf + *pos;
	nl = memchr(line, '\n', len - *pos);
	n = nl ? (size_t)(nl - line) : len - *pos;
	*nul = memchr(line, '\0', n) != NULL;
	line[n] = '\0';		/* read_file leaves a byte past the end */
	*pos += n + 1;
	return line;
}

static void strbuf_grow(struct strbuf *b, size_t more)
{
	if (b->n + more + 1 > b->cap) {
		b->cap = (b->n + more + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
}

void strbuf_put(struct strbuf *b, const char *s)
{
	size_t l = strlen(s);

	strbuf_grow(b, l);
	memcpy(b->s + b->n, s, l + 1);
	b->n += l;
}

void strbuf_addf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	strbuf_grow(b, n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, n + 1, fmt, ap);
	va_end(ap);
	b->n += n;
}

/* Does the text end in '*' (so "char **p", not "char * *p")? */
bool strbuf_ends_star(const struct strbuf *b)
{
	return b->n && b->s[b->n - 1] == '*';
}
