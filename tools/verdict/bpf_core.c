// SPDX-License-Identifier: GPL-2.0
/*
 * CO-RE: every relocation record of the object's .BTF.ext, set against a
 * kernel BTF.  libbpf keeps its relocation engine private, so the records
 * are read here from the documented layout (struct btf_ext_header, then
 * per section: record size, then {sec_name_off, num_info, records}; a
 * record is struct bpf_core_relo: insn_off, type_id, access_str_off, kind)
 * and matched the way libbpf matches them:
 *
 *   - candidates: target types of the same kind whose name equals the
 *     local name up to its "___flavor" suffix;
 *   - fields: each named member of the access string is looked up by name
 *     (through anonymous members), and the two field types must be
 *     compatible (both composite, or the same kind of scalar, pointer or
 *     array, enum with enum);
 *   - enum values: an enumerator of the same name;
 *   - types: a candidate exists.
 *
 * docs/bpf.md says what a missing relocation means for the program.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <gelf.h>
#include <bpf/btf.h>

#include "verdict.h"

/* enum bpf_core_relo_kind (linux/bpf.h), with the names libbpf prints. */
static const char *const relo_kinds[] = {
	"field_byte_offset", "field_byte_size", "field_exists",
	"field_signed", "field_lshift_u64", "field_rshift_u64",
	"type_id_local", "type_id_target", "type_exists", "type_size",
	"enumval_exists", "enumval_value", "type_matches",
};

enum {
	RK_FIELD_BYTE_OFFSET = 0,
	RK_FIELD_EXISTS = 2,
	RK_TYPE_ID_LOCAL = 6,
	RK_TYPE_EXISTS = 8,
	RK_ENUMVAL_EXISTS = 10,
	RK_ENUMVAL_VALUE = 11,
	RK_TYPE_MATCHES = 12,
};

struct named {
	const char *name;
	__u32 id;
};

/* The target BTF's named types, sorted by name, built once per run. */
struct index {
	const struct btf *btf;
	struct named *v;
	size_t n;
};

static struct index target_index;

static int cmp_named(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name,
		      ((const struct named *)b)->name);
}

static void index_build(const struct btf *btf)
{
	__u32 i, n = btf__type_cnt(btf);

	if (target_index.btf == btf)
		return;
	free(target_index.v);
	target_index.btf = btf;
	target_index.v = xcalloc(n, sizeof(*target_index.v));
	target_index.n = 0;
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const char *name = btf__name_by_offset(btf, t->name_off);

		if (!name || !*name)
			continue;
		target_index.v[target_index.n].name = name;
		target_index.v[target_index.n++].id = i;
	}
	qsort(target_index.v, target_index.n, sizeof(*target_index.v),
	      cmp_named);
}

static size_t essential_len(const char *name)
{
	const char *p = strstr(name, "___");

	return p ? (size_t)(p - name) : strlen(name);
}

static const struct btf_type *skip_mods(const struct btf *btf, __u32 id,
					__u32 *res)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res)
		*res = id;
	return t;
}

static bool any_enum(const struct btf_type *t)
{
	return btf_is_enum(t) || btf_is_enum64(t);
}

static bool fields_compat(const struct btf *lb, __u32 lid,
			  const struct btf *tb, __u32 tid)
{
	const struct btf_type *l, *t;
	int depth;

	for (depth = 0; depth < 32; depth++) {
		l = skip_mods(lb, lid, NULL);
		t = skip_mods(tb, tid, NULL);
		if (!l || !t)
			return false;
		if (btf_is_composite(l) && btf_is_composite(t))
			return true;
		if (any_enum(l) && any_enum(t))
			return true;
		if (btf_kind(l) != btf_kind(t))
			return false;
		if (!btf_is_array(l))
			return btf_is_int(l) || btf_is_ptr(l) ||
			       btf_is_float(l) || btf_is_fwd(l);
		lid = btf_array(l)->type;
		tid = btf_array(t)->type;
	}
	return false;
}

/* The BTF kind of t for a finding's k argument (0: none). */
static long long kind_of(const struct btf_type *t)
{
	return t ? btf_kind(t) : 0;
}

/*
 * Find member name in target composite tid, through anonymous members.
 * Returns the member's type id, or 0.
 */
static __u32 find_member(const struct btf *tb, __u32 tid, const char *name,
			 int depth)
{
	const struct btf_type *t = skip_mods(tb, tid, NULL);
	const struct btf_member *m;
	int i;

	if (!t || !btf_is_composite(t) || depth > 16)
		return 0;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++) {
		const char *mn = btf__name_by_offset(tb, m->name_off);
		__u32 r;

		if (mn && *mn) {
			if (!strcmp(mn, name))
				return m->type;
			continue;
		}
		r = find_member(tb, m->type, name, depth + 1);
		if (r)
			return r;
	}
	return 0;
}

/* The candidates of the local type: same kind, same essential name. */
static size_t candidates(const struct btf_type *lt, const char *lname,
			 __u32 *out, size_t max)
{
	size_t len = essential_len(lname), lo = 0, hi = target_index.n, n = 0;
	const struct btf *tb = target_index.btf;
	char key[256];

	snprintf(key, sizeof(key), "%.*s", (int)len, lname);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(target_index.v[mid].name, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < target_index.n && n < max &&
	       !strcmp(target_index.v[lo].name, key); lo++) {
		const struct btf_type *t = btf__type_by_id(tb,
						target_index.v[lo].id);

		if (btf_kind(t) == btf_kind(lt) ||
		    (any_enum(t) && any_enum(lt)))
			out[n++] = target_index.v[lo].id;
	}
	return n;
}

/*
 * Match one field access spec against candidate cid.  On failure, why
 * may get the finding of what is missing or differs (in place of the one
 * of an earlier candidate).
 */
static bool match_field(const struct btf *lb, __u32 lid, const int *acc,
			int nacc, __u32 cid, struct ks_findings *why)
{
	const struct btf *tb = target_index.btf;
	__u32 tid = cid;
	int i;

	skip_mods(lb, lid, &lid);
	skip_mods(tb, tid, &tid);
	for (i = 1; i < nacc; i++) {
		const struct btf_type *l = btf__type_by_id(lb, lid);
		const struct btf_type *t = btf__type_by_id(tb, tid);

		if (btf_is_composite(l)) {
			const struct btf_member *m;
			const char *mn;
			__u32 ntid;

			if (acc[i] >= btf_vlen(l))
				return false;
			m = btf_members(l) + acc[i];
			mn = btf__name_by_offset(lb, m->name_off);
			if (!mn || !*mn) {
				/* anonymous member: follow it on both sides */
				lid = m->type;
				if (!btf_is_composite(t))
					return false;
				skip_mods(lb, lid, &lid);
				continue;
			}
			ntid = find_member(tb, tid, mn, 0);
			if (!ntid) {
				findings_free(why);
				findings_add(why, KF_BPF_CORE_NO_FIELD, mn);
				return false;
			}
			if (!fields_compat(lb, m->type, tb, ntid)) {
				findings_free(why);
				findings_add(why, KF_BPF_CORE_FIELD_KIND, mn,
					     kind_of(skip_mods(lb, m->type,
							       NULL)),
					     kind_of(skip_mods(tb, ntid, NULL)));
				return false;
			}
			skip_mods(lb, m->type, &lid);
			skip_mods(tb, ntid, &tid);
		} else if (btf_is_array(l)) {
			if (!btf_is_array(t)) {
				findings_free(why);
				findings_add(why, KF_BPF_CORE_NOT_ARRAY,
					     kind_of(t));
				return false;
			}
			if (btf_array(t)->nelems &&
			    (__u32)acc[i] >= btf_array(t)->nelems) {
				findings_free(why);
				findings_add(why, KF_BPF_CORE_INDEX,
					     (long long)acc[i],
					     (long long)btf_array(t)->nelems);
				return false;
			}
			skip_mods(lb, btf_array(l)->type, &lid);
			skip_mods(tb, btf_array(t)->type, &tid);
		} else {
			return false;
		}
	}
	return true;
}

/* "a.b[2].c" from the local access spec, for the finding. */
static char *access_words(const struct btf *lb, __u32 lid, const int *acc,
			  int nacc)
{
	char buf[512] = "";
	size_t n = 0;
	int i;

	skip_mods(lb, lid, &lid);
	for (i = 1; i < nacc && n < sizeof(buf) - 1; i++) {
		const struct btf_type *l = btf__type_by_id(lb, lid);

		if (btf_is_composite(l) && acc[i] < btf_vlen(l)) {
			const struct btf_member *m = btf_members(l) + acc[i];
			const char *mn = btf__name_by_offset(lb, m->name_off);

			if (mn && *mn)
				n += snprintf(buf + n, sizeof(buf) - n, "%s%s",
					      n ? "." : "", mn);
			skip_mods(lb, m->type, &lid);
		} else if (btf_is_array(l)) {
			n += snprintf(buf + n, sizeof(buf) - n, "[%d]",
				      acc[i]);
			skip_mods(lb, btf_array(l)->type, &lid);
		} else {
			break;
		}
	}
	return xstrdup(buf);
}

static int parse_access(const char *s, int *acc, int max)
{
	int n = 0;
	char *end;

	while (*s && n < max) {
		long v = strtol(s, &end, 10);

		if (end == s || v < 0)
			return -1;
		acc[n++] = v;
		if (*end == ':')
			end++;
		else if (*end)
			return -1;
		s = end;
	}
	return n;
}

struct func_sym {
	const char *name;
	const char *sec;
	uint64_t off, size;
};

/* The program (or subprogram) holding insn_off of section sec. */
static const char *holder(const struct func_sym *fs, size_t n,
			  const char *sec, uint64_t off)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(fs[i].sec, sec) && off >= fs[i].off &&
		    off < fs[i].off + (fs[i].size ? fs[i].size : 1))
			return fs[i].name;
	return sec;
}

/*
 * A syscalls:sys_enter_NAME / sys_exit_NAME tracepoint's record is struct
 * syscall_trace_enter / syscall_trace_exit (ent, int nr, then args[] or
 * ret); programs often read it through raw_syscalls' structs
 * trace_event_raw_sys_enter / _exit (ent, long id, args[6] or ret), whose
 * fields fall at the same offsets only while struct trace_entry is 8
 * bytes (PREEMPT_RT's is 12).  CO-RE moves the read to the raw struct's
 * offset in the kernel's BTF; the kernel lets a program read up to the
 * record's end and refuses the attach past it (perf_event_set_bpf_prog(),
 * max_ctx_offset: EACCES).  Both structs are in the kernel's BTF.
 */
static const struct {
	const char *raw, *rec;
	bool exit;
} sys_ctx[] = {
	{ "trace_event_raw_sys_enter", "syscall_trace_enter", false },
	{ "trace_event_raw_sys_exit", "syscall_trace_exit", true },
};

#define SYSCALL_MAX_ARGS	6

/* Byte offset and (element) size of member name of struct sid. */
static bool member_at(const struct btf *b, __s32 sid, const char *name,
		      __u32 *off, __u32 *size)
{
	const struct btf_type *t = btf__type_by_id(b, sid);
	const struct btf_member *m = btf_members(t);
	int i;

	for (i = 0; i < btf_vlen(t); i++, m++) {
		const char *mn = btf__name_by_offset(b, m->name_off);
		const struct btf_type *ft = skip_mods(b, m->type, NULL);
		__s64 sz;

		if (!mn || strcmp(mn, name) || !ft)
			continue;
		sz = btf__resolve_size(b, btf_is_array(ft) ?
					  btf_array(ft)->type : m->type);
		if (sz <= 0)
			return false;
		*off = btf_member_bit_offset(t, i) / 8;
		*size = sz;
		return true;
	}
	return false;
}

static void syscall_ctx(struct bpf_core_rel *r, const struct btf *lb,
			__u32 lid, const char *essential, const int *acc,
			int nacc)
{
	const struct btf *tb = target_index.btf;
	const struct btf_type *lt = skip_mods(lb, lid, NULL);
	__u32 raw_off, rec_off, size, rsize, args_off, args_size, idx = 0;
	unsigned long long end;
	const char *mn, *rn;
	__s32 raw, rec;
	size_t w;

	for (w = 0; w < ARRAY_SIZE(sys_ctx); w++)
		if (!strcmp(essential, sys_ctx[w].raw))
			break;
	if (w == ARRAY_SIZE(sys_ctx) || nacc < 2 || !lt ||
	    !btf_is_composite(lt) || acc[1] >= btf_vlen(lt))
		return;
	mn = btf__name_by_offset(lb, btf_members(lt)[acc[1]].name_off);
	if (!mn)
		return;
	/* the common header (ent) is the same struct in both */
	rn = !strcmp(mn, "id") ? "nr" : mn;
	if (strcmp(rn, "nr") && strcmp(rn, "args") && strcmp(rn, "ret"))
		return;
	if (nacc > 2)
		idx = acc[2];
	raw = btf__find_by_name_kind(tb, sys_ctx[w].raw, BTF_KIND_STRUCT);
	rec = btf__find_by_name_kind(tb, sys_ctx[w].rec, BTF_KIND_STRUCT);
	if (raw <= 0 || rec <= 0 || !member_at(tb, raw, mn, &raw_off, &size) ||
	    !member_at(tb, rec, rn, &rec_off, &rsize))
		return;
	raw_off += idx * size;
	rec_off += idx * rsize;
	if (raw_off == rec_off)
		return;
	if (sys_ctx[w].exit)
		end = btf__type_by_id(tb, rec)->size;
	else if (member_at(tb, rec, "args", &args_off, &args_size))
		end = args_off + (unsigned long long)SYSCALL_MAX_ARGS *
				 args_size;
	else
		return;
	r->syscall_ctx = true;
	findings_free(&r->detail);
	if (raw_off + (unsigned long long)size > end) {
		r->sev = BS_FAIL;
		findings_add(&r->detail, KF_BPF_CORE_CTX_PAST,
			     (unsigned long long)raw_off, end);
	} else {
		r->sev = sys_ctx[w].exit ? BS_DEGRADED : BS_UNKNOWN;
		findings_add(&r->detail, KF_BPF_CORE_CTX_SHIFT,
			     (unsigned long long)raw_off,
			     (unsigned long long)rec_off);
	}
}

static void check_one(struct bpf_core_rel *r, const struct btf *lb,
		      __u32 kind, __u32 type_id, const char *spec, bool target,
		      bool syscall_tp)
{
	const struct btf_type *lt = btf__type_by_id(lb, type_id);
	const char *lname = lt ? btf__name_by_offset(lb, lt->name_off) : "";
	struct ks_findings why = { 0 };
	char essential[256];
	int acc[64], nacc;
	__u32 cands[64];
	size_t nc, i;
	bool found = false;

	snprintf(essential, sizeof(essential), "%.*s",
		 (int)essential_len(lname ? lname : ""), lname ? lname : "");
	r->type = lt && btf_is_composite(lt) ?
		  xasprintf("%s %s", btf_is_union(lt) ? "union" : "struct",
			    essential) :
		  lt && any_enum(lt) ? xasprintf("enum %s", essential) :
		  xstrdup(essential);
	nacc = parse_access(spec, acc, ARRAY_SIZE(acc));
	if (nacc <= 0) {
		r->sev = BS_UNKNOWN;
		r->access = xstrdup(spec);
		findings_add(&r->detail, KF_BPF_CORE_BAD_ACCESS, spec);
		return;
	}
	if (kind == RK_ENUMVAL_EXISTS || kind == RK_ENUMVAL_VALUE) {
		const char *en = "";

		if (lt && any_enum(lt) && acc[0] < btf_vlen(lt))
			en = btf__name_by_offset(lb, btf_is_enum(lt) ?
				btf_enum(lt)[acc[0]].name_off :
				btf_enum64(lt)[acc[0]].name_off);
		r->access = xstrdup(en);
	} else if (kind < RK_TYPE_ID_LOCAL) {
		r->access = access_words(lb, type_id, acc, nacc);
	} else {
		r->access = xstrdup("");
	}
	if (!target) {
		r->sev = BS_UNKNOWN;
		findings_add(&r->detail, KF_BPF_CORE_NO_BTF);
		return;
	}
	nc = candidates(lt, lname, cands, ARRAY_SIZE(cands));
	if (!nc) {
		r->sev = BS_FAIL;
		findings_add(&r->detail, KF_BPF_CORE_NO_TYPE, r->type);
		return;
	}
	for (i = 0; i < nc && !found; i++) {
		const struct btf_type *t = btf__type_by_id(target_index.btf,
							   cands[i]);

		if (kind < RK_TYPE_ID_LOCAL) {
			found = match_field(lb, type_id, acc, nacc, cands[i],
					    &why);
		} else if (kind == RK_ENUMVAL_EXISTS ||
			   kind == RK_ENUMVAL_VALUE) {
			int k;

			for (k = 0; k < btf_vlen(t) && !found; k++) {
				const char *tn = btf__name_by_offset(
					target_index.btf, btf_is_enum(t) ?
					btf_enum(t)[k].name_off :
					btf_enum64(t)[k].name_off);

				found = tn && !strcmp(tn, r->access);
			}
			if (!found) {
				findings_free(&why);
				findings_add(&why, KF_BPF_CORE_NO_ENUMVAL,
					     r->access);
			}
		} else {
			found = true;
		}
	}
	if (found) {
		findings_free(&why);
		r->sev = BS_OK;
		if (syscall_tp && kind == RK_FIELD_BYTE_OFFSET)
			syscall_ctx(r, lb, type_id, essential, acc, nacc);
		return;
	}
	r->sev = BS_FAIL;
	if (!why.n)
		findings_add(&why, KF_BPF_CORE_INCOMPATIBLE);
	r->detail = why;
}

/* Is program name of o a tracepoint of the syscalls category? */
static bool syscall_tp(const struct bpf_object_ks *o, const char *name)
{
	size_t i;

	for (i = 0; i < o->n_progs; i++)
		if (!strcmp(o->progs[i].name, name))
			return o->progs[i].kind == BH_TRACEPOINT &&
			       o->progs[i].target &&
			       !strncmp(o->progs[i].target, "syscalls", 8) &&
			       (o->progs[i].target[8] == '/' ||
				o->progs[i].target[8] == ':');
	return false;
}

/* The .BTF and .BTF.ext sections of the image. */
static int sections(const unsigned char *img, size_t len, Elf **elfp,
		    Elf_Data **btf, Elf_Data **ext, struct func_sym **fs,
		    size_t *nfs)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx, cap = 0;
	Elf *elf;

	*btf = *ext = NULL;
	*fs = NULL;
	*nfs = 0;
	elf_version(EV_CURRENT);
	elf = elf_memory((char *)img, len);
	*elfp = elf;
	if (!elf || elf_getshdrstrndx(elf, &shstrndx))
		return -EINVAL;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			return -EINVAL;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && !strcmp(name, ".BTF"))
			*btf = elf_getdata(scn, NULL);
		else if (name && !strcmp(name, ".BTF.ext"))
			*ext = elf_getdata(scn, NULL);
		if (sh.sh_type == SHT_SYMTAB && sh.sh_entsize) {
			Elf_Data *d = elf_getdata(scn, NULL);
			size_t i;

			for (i = 0; d && i < sh.sh_size / sh.sh_entsize;
			     i++) {
				Elf_Scn *ps;
				GElf_Shdr psh;
				GElf_Sym sym;

				if (!gelf_getsym(d, i, &sym) ||
				    GELF_ST_TYPE(sym.st_info) != STT_FUNC)
					continue;
				ps = elf_getscn(elf, sym.st_shndx);
				if (!ps || !gelf_getshdr(ps, &psh))
					continue;
				*fs = array_grow(*fs, &cap, *nfs, sizeof(**fs));
				(*fs)[*nfs].name = elf_strptr(elf, sh.sh_link,
							      sym.st_name);
				(*fs)[*nfs].sec = elf_strptr(elf, shstrndx,
							     psh.sh_name);
				(*fs)[*nfs].off = sym.st_value;
				(*fs)[*nfs].size = sym.st_size;
				if ((*fs)[*nfs].name && (*fs)[*nfs].sec)
					(*nfs)++;
			}
		}
	}
	return 0;
}

static uint32_t u32_at(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * A missing access with no existence check of its own is still harmless
 * when the program tests for the same type's fields (or uses a
 * "type___flavor" of it): that is the CO-RE idiom for "pick the field
 * this kernel has", and the verifier drops the branch not taken.
 */
static void mark_guarded(struct bpf_object_ks *o)
{
	size_t i, j;

	for (i = 0; i < o->n_core; i++) {
		struct bpf_core_rel *r = &o->core[i];
		bool guarded = false;

		if (r->sev == BS_OK || r->sev == BS_UNKNOWN)
			continue;
		if (r->guard) {
			r->sev = BS_NOTE;
			continue;
		}
		for (j = 0; j < o->n_core && !guarded; j++)
			guarded = o->core[j].guard &&
				  !strcmp(o->core[j].prog, r->prog) &&
				  !strcmp(o->core[j].type, r->type);
		if (guarded)
			r->sev = BS_NOTE;
	}
}

int bpf_core_check(struct bpf_object_ks *o, const unsigned char *img,
		   size_t len, const struct btf *target, char *err,
		   size_t errlen)
{
	const unsigned char *ext, *p, *end;
	uint32_t hdr_len, off, size, rec;
	struct func_sym *fs = NULL;
	Elf_Data *dbtf, *dext;
	struct btf *lb = NULL;
	size_t nfs, cap = 0;
	Elf *elf = NULL;
	int ret = -EINVAL;

	if (sections(img, len, &elf, &dbtf, &dext, &fs, &nfs) || !dbtf) {
		snprintf(err, errlen, "%s: cannot read its .BTF section",
			 o->name);
		goto out;
	}
	if (!dext) {
		ret = 0;		/* no .BTF.ext: no relocations */
		goto out;
	}
	lb = btf__new(dbtf->d_buf, dbtf->d_size);
	if (!lb) {
		snprintf(err, errlen, "%s: malformed .BTF section", o->name);
		goto out;
	}
	ext = dext->d_buf;
	if (dext->d_size < 8 || ext[0] != 0x9f || ext[1] != 0xeb) {
		snprintf(err, errlen, "%s: malformed .BTF.ext header",
			 o->name);
		goto out;
	}
	hdr_len = u32_at(ext + 4);
	if (hdr_len < 32 || hdr_len > dext->d_size) {
		ret = 0;		/* an old header: no CO-RE records */
		goto out;
	}
	off = u32_at(ext + 24);
	size = u32_at(ext + 28);
	if (!size) {
		ret = 0;
		goto out;
	}
	if ((uint64_t)hdr_len + off + size > dext->d_size || size < 4) {
		snprintf(err, errlen,
			 "%s: .BTF.ext CO-RE records pass the section's end",
			 o->name);
		goto out;
	}
	if (target)
		index_build(target);
	p = ext + hdr_len + off;
	end = p + size;
	rec = u32_at(p);
	p += 4;
	if (rec < 16) {
		snprintf(err, errlen, "%s: .BTF.ext CO-RE record size %u",
			 o->name, rec);
		goto out;
	}
	while (p + 8 <= end) {
		const char *sec = btf__name_by_offset(lb, u32_at(p));
		uint32_t k, n = u32_at(p + 4);

		p += 8;
		if (!sec || (uint64_t)n * rec > (uint64_t)(end - p)) {
			snprintf(err, errlen,
				 "%s: malformed .BTF.ext CO-RE section",
				 o->name);
			goto out;
		}
		for (k = 0; k < n; k++, p += rec) {
			uint32_t insn = u32_at(p), tid = u32_at(p + 4);
			uint32_t kind = u32_at(p + 12);
			const char *spec = btf__name_by_offset(lb,
							       u32_at(p + 8));
			struct bpf_core_rel *r;

			if (kind == RK_TYPE_ID_LOCAL)
				continue;
			o->core = array_grow(o->core, &cap, o->n_core,
					     sizeof(*o->core));
			r = &o->core[o->n_core++];
			r->prog = xstrdup(holder(fs, nfs, sec, insn));
			r->kind = kind < ARRAY_SIZE(relo_kinds) ?
				  relo_kinds[kind] : "unknown";
			r->guard = kind == RK_FIELD_EXISTS ||
				   kind == RK_TYPE_EXISTS ||
				   kind == RK_ENUMVAL_EXISTS ||
				   kind == RK_TYPE_MATCHES;
			check_one(r, lb, kind, tid, spec ? spec : "",
				  target != NULL, syscall_tp(o, r->prog));
		}
	}
	o->core_checked = target != NULL;
	mark_guarded(o);
	ret = 0;
out:
	btf__free(lb);
	free(fs);
	if (elf)
		elf_end(elf);
	return ret;
}
