// SPDX-License-Identifier: GPL-2.0
/*
 * DepSurf dataset JSON lines into the store: one file per kernel image,
 * named after it (5.4.0-26-generic-arm64.jsonl), one object per line.
 * Two record shapes are read (see /work/shared/depsurf/FORMATS.md):
 * func groups (they have "funcs" and "symbols") and symtab entries (they
 * have "value" and "type"; only STT_FUNC is kept).  Other shapes are
 * counted as skipped.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "offline.h"

struct ds_file {
	struct ks_store *st;
	struct json_tokener *tok;	/* one for every line */
	const char *path;
	unsigned long lineno;
	long long build_id;
	bool symtab;
	struct import_stats *stats;
	char *err;
	size_t errlen;
};

static int malformed(struct ds_file *f, const char *why)
{
	snprintf(f->err, f->errlen, "%s:%lu: %s", f->path, f->lineno, why);
	return -EINVAL;
}

/*
 * A string at key: 1 read (*out), 0 absent, -EINVAL (with the message)
 * when the key holds anything but a string.
 */
static int jstr_at(struct ds_file *f, struct json_object *o, const char *key,
		   const char **out)
{
	struct json_object *v;
	char why[160];

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_string)) {
		snprintf(why, sizeof(why), "\"%s\": %.60s is not a string", key,
			 json_object_to_json_string(v));
		return malformed(f, why);
	}
	*out = json_object_get_string(v);
	return 1;
}

/*
 * An unsigned 64-bit number at key: 1 read, 0 absent, -EINVAL (with the
 * message) when it is anything else: negative, a fraction or exponent
 * (json-c reads those as doubles), a string, null.  Integers past 2^64-1
 * are refused before (json_int_range()): json-c clamps them.
 */
static int ju64(struct ds_file *f, struct json_object *o, const char *key,
		uint64_t *out)
{
	struct json_object *v;
	char why[160];

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_int)) {
		snprintf(why, sizeof(why),
			 "\"%s\": %.60s is not an unsigned integer", key,
			 json_object_to_json_string(v));
		return malformed(f, why);
	}
	if (json_object_get_int64(v) < 0 &&
	    json_object_get_uint64(v) == 0) {
		snprintf(why, sizeof(why), "\"%s\": %s is negative", key,
			 json_object_to_json_string(v));
		return malformed(f, why);
	}
	*out = json_object_get_uint64(v);
	return 1;
}

/*
 * The first integer of a JSON line that no 64-bit type holds, or NULL:
 * json-c reads 18446744073709551616 as 18446744073709551615 and
 * -9223372036854775809 as INT64_MIN without a word.  Strings are skipped.
 */
static const char *json_int_range(const char *s, size_t len, size_t *n)
{
	static const char u64max[] = "18446744073709551615";
	static const char s64min[] = "9223372036854775808";
	size_t i = 0;

	while (i < len) {
		size_t start, d;
		bool neg;

		if (s[i] == '"') {
			for (i++; i < len && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
			i++;
			continue;
		}
		if (!isdigit((unsigned char)s[i]) && s[i] != '-') {
			i++;
			continue;
		}
		start = i;
		neg = s[i] == '-';
		i += neg;
		while (i < len && s[i] == '0' && i + 1 < len &&
		       isdigit((unsigned char)s[i + 1]))
			i++;
		d = i;
		while (i < len && isdigit((unsigned char)s[i]))
			i++;
		/* a fraction or an exponent: a double, json-c's own */
		if (i < len && (s[i] == '.' || s[i] == 'e' || s[i] == 'E')) {
			while (i < len && (isalnum((unsigned char)s[i]) ||
					   s[i] == '.' || s[i] == '+' ||
					   s[i] == '-'))
				i++;
			continue;
		}
		if (neg ? i - d > 19 || (i - d == 19 &&
					 memcmp(s + d, s64min, 19) > 0) :
			  i - d > 20 || (i - d == 20 &&
					 memcmp(s + d, u64max, 20) > 0)) {
			*n = i - start;
			return s + start;
		}
	}
	return NULL;
}

/* DepSurf's inline_type words to the page's Inline words. */
static const char *inline_word(const char *t, unsigned int *status)
{
	if (!t)
		return NULL;
	if (!strcmp(t, "Not inlined") || !strcmp(t, "No"))
		return "No";
	if (!strcmp(t, "Partially inlined") || !strcmp(t, "Selective")) {
		*status |= DS_SELECTIVE_INLINE;
		return "Selective";
	}
	if (!strcmp(t, "Fully inlined") || !strcmp(t, "Full")) {
		*status |= DS_FULL_INLINE;
		return "Full";
	}
	return t;
}

/* The strings of a symbol: its name (needed) and bind. */
static int sym_strings(struct ds_file *f, struct json_object *s,
		       const char **name, const char **bind)
{
	int ret;

	if (!json_object_is_type(s, json_type_object))
		return malformed(f, "a symbol is not a JSON object");
	ret = jstr_at(f, s, "name", name);
	if (!ret)
		return malformed(f, "symbol without a \"name\" string");
	if (ret > 0)
		ret = jstr_at(f, s, "bind", bind);
	return ret < 0 ? ret : 0;
}

static int func_group(struct ds_file *f, struct json_object *o)
{
	const char *name, *coll, *inl, *sn, *bind;
	struct json_object *syms = NULL;
	unsigned int status = 0;
	long long func_id;
	size_t i, n = 0;
	bool clone = false;
	int ret;

	ret = jstr_at(f, o, "name", &name);
	if (!ret)
		return malformed(f, "func group without a \"name\" string");
	if (ret > 0)
		ret = jstr_at(f, o, "collision_type", &coll);
	if (ret >= 0)
		ret = jstr_at(f, o, "inline_type", &inl);
	if (ret < 0)
		return ret;
	if (json_object_object_get_ex(o, "symbols", &syms)) {
		if (!json_object_is_type(syms, json_type_array))
			return malformed(f, "\"symbols\" is not an array");
		n = json_object_array_length(syms);
	}
	for (i = 0; i < n; i++) {
		ret = sym_strings(f, json_object_array_get_idx(syms, i), &sn,
				  &bind);
		if (ret)
			return ret;
		if (clone_suffix(sn))
			clone = true;
	}
	if (!n)
		status |= DS_ABSENT;
	if (clone)
		status |= DS_TRANSFORMATION;
	if (coll && !strcmp(coll, "Static Duplication"))
		status |= DS_DUPLICATE;
	else if (coll && strstr(coll, "Collision"))
		status |= DS_COLLISION;
	inl = inline_word(inl, &status);
	ret = store_func_add(f->st, f->build_id, name, status, coll, inl,
			     clone ? "True" : "False", NULL, &func_id,
			     f->err, f->errlen);
	if (ret)
		return ret;
	f->stats->funcs++;
	for (i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(syms, i);
		uint64_t addr = 0, size = 0;
		int have_size;

		ret = sym_strings(f, s, &sn, &bind);
		if (ret)
			return ret;
		ret = ju64(f, s, "addr", &addr);
		if (ret < 0)
			return ret;
		have_size = ju64(f, s, "size", &size);
		if (have_size < 0)
			return have_size;
		ret = store_func_sym_add(f->st, func_id, sn, addr, have_size,
					 size, bind_parse(bind), f->err,
					 f->errlen);
		if (ret)
			return ret;
	}
	return 0;
}

static int symtab_entry(struct ds_file *f, struct json_object *o)
{
	const char *name, *type, *bind;
	uint64_t value = 0, size = 0;
	int have_size, ret;

	ret = jstr_at(f, o, "name", &name);
	if (ret >= 0)
		ret = jstr_at(f, o, "type", &type);
	if (ret >= 0)
		ret = jstr_at(f, o, "bind", &bind);
	if (ret < 0)
		return ret;
	if (!name || !type)
		return malformed(f, "symtab entry without \"name\" or \"type\"");
	f->symtab = true;
	if (strcmp(type, "STT_FUNC") || !*name)
		return 0;
	ret = ju64(f, o, "value", &value);
	if (ret < 0)
		return ret;
	have_size = ju64(f, o, "size", &size);
	if (have_size < 0)
		return have_size;
	f->stats->syms++;
	return store_sym_add(f->st, f->build_id, name, value, have_size, size,
			     bind_parse(bind), 0, 0, f->err, f->errlen);
}

static int one_line(struct ds_file *f, const char *line, size_t len)
{
	struct json_tokener *tok = f->tok;
	enum json_tokener_error jerr;
	struct json_object *o;
	const char *big;
	size_t n;
	int ret = 0;

	big = json_int_range(line, len, &n);
	if (big) {
		char why[160];

		snprintf(why, sizeof(why),
			 "%.*s is out of range (integers are unsigned 64-bit)",
			 (int)(n < 80 ? n : 80), big);
		return malformed(f, why);
	}
	json_tokener_reset(tok);
	o = json_tokener_parse_ex(tok, line, len);
	jerr = json_tokener_get_error(tok);
	if (!o || jerr != json_tokener_success ||
	    json_tokener_get_parse_end(tok) < len) {
		char why[160];

		snprintf(why, sizeof(why), "malformed JSON line: %s",
			 jerr == json_tokener_continue ?
			 "unexpected end of line" :
			 !o ? json_tokener_error_desc(jerr) :
			 "text after the object");
		ret = malformed(f, why);
	} else if (!json_object_is_type(o, json_type_object)) {
		ret = malformed(f, "a line is not a JSON object");
	} else if (json_object_object_get_ex(o, "funcs", NULL) ||
		   json_object_object_get_ex(o, "collision_type", NULL)) {
		ret = func_group(f, o);
	} else if (json_object_object_get_ex(o, "value", NULL) &&
		   json_object_object_get_ex(o, "type", NULL)) {
		ret = symtab_entry(f, o);
	} else {
		f->stats->skipped++;
	}
	json_object_put(o);
	return ret;
}

int dataset_import(struct ks_store *st, const char *path,
		   struct import_stats *stats, char *err, size_t errlen)
{
	struct ds_file f = {
		.st = st, .path = path, .stats = stats,
		.err = err, .errlen = errlen,
	};
	struct store_build b = { .source = off_source_names[OFF_SRC_DATASET] };
	const char *base = strrchr(path, '/');
	char stem[256], key[300];
	size_t cap = 0;
	char *line = NULL;
	struct kver kv;
	ssize_t n;
	FILE *in;
	int ret = 0;

	stats->kind = "depsurf-dataset";
	base = base ? base + 1 : path;
	snprintf(stem, sizeof(stem), "%s", base);
	if (str_ends_with(stem, ".jsonl"))
		stem[strlen(stem) - 6] = '\0';
	kver_parse(stem, NULL, &kv);

	in = fopen(path, "re");
	if (!in) {
		ret = -errno;
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	snprintf(key, sizeof(key), "dataset:%s", stem);
	b.key = key;
	b.path = path;
	b.release = kv.full[0] ? stem : NULL;
	b.version = kv.version[0] ? kv.version : NULL;
	b.arch = kv.arch[0] ? kv.arch : NULL;
	b.flavor = kv.full[0] ? kv.flavor : NULL;
	b.complete = false;
	f.tok = json_tokener_new();
	if (!f.tok) {
		ret = -ENOMEM;
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	ret = store_build_get(st, &b, true, &f.build_id, err, errlen);
	if (ret)
		goto out;
	stats->builds++;
	while ((n = getline(&line, &cap, in)) > 0) {
		f.lineno++;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!n)
			continue;
		ret = one_line(&f, line, n);
		if (ret)
			goto out;
	}
	if (ferror(in)) {
		ret = -EIO;
		snprintf(err, errlen, "%s: read error", path);
		goto out;
	}
	if (f.symtab)
		ret = store_build_complete(st, f.build_id, err, errlen);
out:
	if (f.tok)
		json_tokener_free(f.tok);
	free(line);
	fclose(in);
	return ret;
}
