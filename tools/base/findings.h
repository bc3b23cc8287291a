/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Findings as codes: the one table of what the verdict can say.
 *
 * The verdict (merge.c, btf_proto.c) records {code, typed arguments}; it
 * never writes a sentence and never reads one back.  Only the output layer
 * turns a finding into words, with the message format of its code, and
 * JSON gives the code and the arguments as they are.  docs/tool.md
 * ("Finding codes") documents every code; tests/tool/codes.sh checks that
 * each has a message, a rank and that entry.
 *
 * X(CODE, name, rank, arguments, message format)
 *   rank      the summary line of a target (`check` without -v) shows its
 *             finding of the lowest rank; ties: the first recorded.  Live
 *             facts come first, then the clients, the offline rows, the
 *             mismatches, prototypes last.
 *   arguments "name:type ...": s string, u unsigned, d signed, + signed
 *             with its sign, x hex (0x...), l list (", "), w list (" ",
 *             empty: "none"), m list (", ", the first 6 then "..."),
 *             k a BTF kind (BTF_KIND_*, in words), i findings ("; "),
 *             c findings (", ")
 *   format    {name} is the argument's text; {name?s} is "s" unless the
 *             number name is 1; nothing else is special
 *
 * Codes of 0 rank are parts of a check's detail or of another finding,
 * never a finding of a target by themselves.
 */
#ifndef KS_FINDINGS_H
#define KS_FINDINGS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define KS_FINDING_CODES(X)						\
	/* the live target */						\
	X(ABSENT_LIVE, "absent_live", 10, "target:s source:s",		\
	  "absent live: no symbol named {target} or a compiler clone of it in {source}") \
	X(MODULE_ONLY, "module_only", 20, "modules:l",			\
	  "live: present in module {modules}, not in vmlinux")		\
	X(CLONE_ONLY, "clone_only", 30, "target:s clones:w",		\
	  "no symbol is named exactly {target}; compiler clone(s): {clones}. Probe the clone; the compiler may have changed its parameters") \
	X(CLONES, "clones", 40, "count:u target:s",			\
	  "{count} compiler clone(s) besides {target}: calls that go to a clone are not seen by a probe on {target}") \
	X(COLD_FRAGMENTS, "cold_fragments", 50, "count:u target:s",	\
	  "{count} .cold fragment(s) of {target}: out-of-line code that {target} jumps to, not a function of its own; a probe on {target}'s entry sees every call, one on the fragment only the rare path") \
	X(AMBIGUOUS_NAME, "ambiguous_name", 60,			\
	  "count:u target:s collision:s",				\
	  "{count} symbols are named {target} ({collision}): a probe by name is ambiguous; attach by address or give sympos") \
	/* the clients (--client, report format version 2 or 1) */	\
	X(CLIENT_V1_REFUSED, "client_v1_refused", 70,			\
	  "client:s target:s report_version:u",			\
	  "{client}: refused on every symbol of {target} (report format version {report_version}: its {client}= fields)") \
	X(CLIENT_V1_UNKNOWN, "client_v1_unknown", 71,			\
	  "client:s target:s report_version:u",			\
	  "{client}: unknown on every symbol of {target} (report format version {report_version}: its {client}= fields)") \
	X(CLIENT_V1_NO_VERDICT, "client_v1_no_verdict", 72,		\
	  "client:s report_version:u",					\
	  "{client}: unknown: report format version {report_version} has no per-client verdicts (a version 2 module reports them)") \
	X(CLIENT_REFUSES, "client_refuses", 73,			\
	  "client:s target:s error:s reason:s",			\
	  "{client} refuses {target} by name: {error} ({reason})")	\
	X(CLIENT_UNKNOWN, "client_unknown", 74, "client:s reason:s",	\
	  "{client} by name: unknown ({reason})")			\
	X(CLIENT_BY_ADDRESS, "client_by_address", 75,			\
	  "client:s symbols:c",						\
	  "{client} attaches by address or sympos to: {symbols}")	\
	X(SYMBOL_AT, "symbol_at", 0, "name:s sympos:u owner:s",	\
	  "{name} (sympos {sympos}, {owner})")				\
	X(NO_CLIENT, "no_client", 80, "target:s",			\
	  "no client attaches to {target} by name (see the clients table)") \
	X(NO_CLIENT_KNOWN, "no_client_known", 81, "target:s",		\
	  "no client is known to attach to {target} by name; some verdicts are unknown") \
	X(NOT_PROBEABLE_V1, "not_probeable_v1", 82, "errno:d error:s",	\
	  "cannot be probed: not in ftrace's list and register_kprobe failed ({errno}: {error})") \
	X(PROBE_UNKNOWN_NO_FTRACE, "probe_unknown_no_ftrace", 83, "",	\
	  "probe-ability unknown: kprobe is not checked without the module, and ftrace's list was not readable") \
	X(PROBE_UNKNOWN_NO_KPROBE, "probe_unknown_no_kprobe", 84, "",	\
	  "probe-ability unknown: not in ftrace's list, and kprobe is not checked without the module") \
	X(KPROBE_ONLY, "kprobe_only", 85, "",				\
	  "not in ftrace's list (no fentry/function tracer), but a kprobe attaches") \
	/* the offline rows */						\
	X(SOURCE_PRESENT, "source_present", 90, "source:s rows:l",	\
	  "{source}: present in {rows}")				\
	X(SOURCE_ABSENT, "source_absent", 91, "source:s rows:l",	\
	  "{source}: absent in {rows}")					\
	X(SOURCE_PRESENT_ABSENT, "source_present_absent", 92,		\
	  "source:s present:l absent:l",				\
	  "{source}: present in {present}; absent in {absent}")	\
	X(MISMATCH, "mismatch", 100, "row:s check:s detail:i",		\
	  "MISMATCH with {row} (same build): {check}: {detail}")	\
	X(SELECTIVE_INLINE, "selective_inline", 110, "rows:l",		\
	  "selectively inlined in {rows}: a probe on the symbol misses the inlined call sites") \
	X(CLOSEST_PRESENT, "closest_present", 120, "match:s row:s",	\
	  "closest offline row ({match}): {row}: present there")	\
	X(CLOSEST_ABSENT, "closest_absent", 121, "match:s row:s",	\
	  "closest offline row ({match}): {row}: absent there")		\
	X(SAME_BUILD_BY_RELEASE, "same_build_by_release", 125,		\
	  "row:s release:s",						\
	  "{row}: the same build by its release {release} only (no build-id to compare)") \
	X(OTHER_BUILD_SAME_RELEASE, "other_build_same_release", 126,	\
	  "row:s live_id:s row_id:s",					\
	  "{row}: the running kernel's release, but another build (build-id {live_id} live, {row_id} offline): not compared as the same build") \
	X(EXPLAINED, "explained", 130,					\
	  "source:s rows:l check:s detail:i",				\
	  "{source} {rows}: {detail}")					\
	X(ADDRESSES_HIDDEN, "addresses_hidden", 140, "",		\
	  "live addresses are hidden (kptr_restrict): address checks skipped; run as root") \
	/* btf_proto.c: DWARF inlining and BTF prototypes */		\
	X(INLINED, "inlined", 150,					\
	  "inlined:u sites:u callers:l target:s",			\
	  "inlined at {inlined} of {sites} call sites in this build (DWARF): calls from {callers} never reach a probe on {target}") \
	X(INLINED_MORE, "inlined_more", 151,				\
	  "inlined:u sites:u callers:l target:s",			\
	  "inlined at {inlined} of {sites} call sites in this build (DWARF): calls from {callers}, … never reach a probe on {target}") \
	X(NOT_INLINED, "not_inlined", 152, "sites:u",			\
	  "not inlined at any of {sites} call sites in this build (DWARF)") \
	X(LIVE_PROTOTYPE, "live_prototype", 160, "btf:s prototype:s",	\
	  "live prototype (BTF {btf}): {prototype}")			\
	X(PROTOTYPE_CHANGED, "prototype_changed", 161,			\
	  "rows:l changes:i",						\
	  "prototype changed since {rows}: {changes}")			\
	X(PROTOTYPE_CHANGE, "prototype_change", 0, "kind:s change:s",	\
	  "{kind} {change}")						\
	X(PROTOTYPE_UNCHANGED, "prototype_unchanged", 162, "rows:l",	\
	  "prototype unchanged from {rows}")				\
	/* the fleet's matrix (tools/fleet/matrix.c) */			\
	X(DRIFT, "drift", 170, "target:s build:s hosts:l fields:w", \
	  "drift: {target} on {build}: hosts {hosts} report other facts than the build's other hosts ({fields})") \
	X(DRIFT_KERNEL, "drift_kernel", 171,			\
	  "build:s hosts:l fields:w",					\
	  "drift: {build}: hosts {hosts} run it with other kernel facts than its other hosts ({fields})") \
	X(NOT_ASKED, "not_asked", 172, "target:s build:s",	\
	  "no host running {build} has {target} among its module's targets: unknown") \
	X(OFFLINE_PRESENT, "offline_present", 173,			\
	  "target:s row:s client:s",					\
	  "{row}: {target} is present offline; whether {client} attaches is known live only") \
	X(NO_OFFLINE_ROW, "no_offline_row", 174, "target:s build:s",	\
	  "{build} has no row of {target} (its source has no data of it): unknown") \
	/* check details: presence */					\
	X(PRESENCE_VMLINUX, "presence_vmlinux", 0, "",			\
	  "present in vmlinux offline and live")			\
	X(PRESENCE_ABSENT, "presence_absent", 0, "",			\
	  "absent offline and live")					\
	X(PRESENCE_MODULE, "presence_module", 0, "modules:l",		\
	  "absent from vmlinux offline; live: present in module {modules}") \
	X(PRESENCE_MODULE_BECAUSE, "presence_module_because", 0,	\
	  "config:s value:s modules:l",					\
	  "absent from vmlinux offline because {config}={value}; live: present in module {modules}") \
	X(PRESENCE_MODULE_ALTHOUGH, "presence_module_although", 0,	\
	  "config:s value:s modules:l",					\
	  "absent from vmlinux offline although {config}={value}; live: present in module {modules}") \
	X(PRESENCE_MISSING_OFFLINE, "presence_missing_offline", 0, "",	\
	  "absent offline; live: present in vmlinux")			\
	X(PRESENCE_BUILTIN_OFFLINE, "presence_builtin_offline", 0,	\
	  "modules:l",							\
	  "built into vmlinux offline; live: present in module {modules}") \
	X(PRESENCE_BUILTIN_BECAUSE, "presence_builtin_because", 0,	\
	  "config:s value:s modules:l",					\
	  "built into vmlinux offline; live: present in module {modules} because {config}={value}") \
	X(PRESENCE_BUILTIN_ALTHOUGH, "presence_builtin_although", 0,	\
	  "config:s value:s modules:l",					\
	  "built into vmlinux offline; live: present in module {modules} although {config}={value}") \
	X(PRESENCE_MISSING_LIVE, "presence_missing_live", 0, "",	\
	  "present offline; live: absent")				\
	/* check details: binding */					\
	X(BINDING_DIFFERS, "binding_differs", 0,			\
	  "symbol:s offline:s live:s",					\
	  "{symbol}: {offline} offline, {live} live")			\
	X(BINDING_SAME, "binding_same", 0, "symbol:s binding:s",	\
	  "{symbol}: {binding}")					\
	X(BINDING_UNKNOWN, "binding_unknown", 0, "",			\
	  "binding not known on one side")				\
	/* check details: size */					\
	X(SIZE_NO_LIVE_EXTENT, "size_no_live_extent", 0, "symbol:s",	\
	  "{symbol}: live extent unknown")				\
	X(SIZE_NO_ST_SIZE, "size_no_st_size", 0, "symbol:s",		\
	  "{symbol}: no st_size offline")				\
	X(SIZE_EXTENT, "size_extent", 0,				\
	  "symbol:s st_size:u extent:u",				\
	  "{symbol}: st_size {st_size}, live extent {extent}")		\
	X(SIZE_EXTENT_ELF, "size_extent_elf", 0,			\
	  "symbol:s st_size:u extent:u elf_extent:u",			\
	  "{symbol}: st_size {st_size}, live extent {extent} (ELF {elf_extent})") \
	X(SIZE_EXTENT_DELTA, "size_extent_delta", 0,			\
	  "symbol:s st_size:u extent:u delta:+",			\
	  "{symbol}: st_size {st_size}, live extent {extent} ({delta})") \
	X(SIZE_EXTENT_OUTSIDE, "size_extent_outside", 0,		\
	  "symbol:s st_size:u extent:u delta:+",			\
	  "{symbol}: st_size {st_size}, live extent {extent} ({delta}, outside)") \
	X(SIZE_RULE_EXACT, "size_rule_exact", 0, "",			\
	  "same build: live extent = distance to the next symbol in the ELF") \
	X(SIZE_RULE_CONFIG, "size_rule_config", 0, "slack:u",		\
	  "allowed: st_size <= extent < st_size + {slack} (alignment + padding from the config)") \
	X(SIZE_RULE_DEFAULT, "size_rule_default", 0, "slack:u",	\
	  "allowed: st_size <= extent < st_size + {slack} (default alignment slack)") \
	/* check details: address */					\
	X(ADDRESS_PAIR, "address_pair", 0,				\
	  "offline:x live:x slide:x",					\
	  "{offline} offline, {live} live, slide {slide}")		\
	X(ADDRESS_HIDDEN, "address_hidden", 0, "",			\
	  "live addresses hidden (kptr_restrict)")			\
	X(ADDRESS_COMMON_SLIDE, "address_common_slide", 0, "slide:x",	\
	  "the common slide is {slide}")				\
	X(ADDRESS_KASLR_DIFFERS, "address_kaslr_differs", 0,		\
	  "kaslr_offset:x", "kaslr_offset is {kaslr_offset}")		\
	X(ADDRESS_KASLR, "address_kaslr", 0, "",			\
	  "the slide is kaslr_offset")					\
	/* check details: collision and clones */			\
	X(COLLISION_SAME, "collision_same", 0, "collision:s",		\
	  "{collision}")						\
	X(COLLISION_DIFFERS, "collision_differs", 0,			\
	  "offline:s live:s", "offline {offline}, live {live}")		\
	X(CLONES_SAME, "clones_same", 0, "clones:w", "{clones}")	\
	X(CLONES_DIFFER, "clones_differ", 0, "offline:w live:w",	\
	  "offline {offline}, live {live}")				\
	/* check details: traceability */				\
	X(TRACE_NO_TRACER, "trace_no_tracer", 0, "",			\
	  "ftrace-able live, but CONFIG_FUNCTION_TRACER is not set offline") \
	X(TRACE_FTRACE, "trace_ftrace", 0,				\
	  "dynamic_ftrace:s kprobes:s",					\
	  "ftrace-able live; CONFIG_FUNCTION_TRACER=y, CONFIG_DYNAMIC_FTRACE={dynamic_ftrace}, CONFIG_KPROBES={kprobes}") \
	X(TRACE_NOTRACE, "trace_notrace", 0, "",			\
	  "not in ftrace's list although CONFIG_DYNAMIC_FTRACE=y: notrace, __init or not instrumented") \
	X(TRACE_NOT_FTRACEABLE, "trace_not_ftraceable", 0,		\
	  "dynamic_ftrace:s",						\
	  "not ftrace-able live; CONFIG_DYNAMIC_FTRACE={dynamic_ftrace}") \
	X(TRACE_UNKNOWN, "trace_unknown", 0, "",			\
	  "ftrace state unknown live")					\
	/* the address slide of all same-build rows */			\
	X(SLIDE_INCONSISTENT, "slide_inconsistent", 0,		\
	  "same:u pairs:u slide:x",					\
	  "{same} of {pairs} same-build symbols share the slide {slide}; the others differ") \
	X(SLIDE_NOT_KASLR, "slide_not_kaslr", 0,			\
	  "pairs:u slide:x kaslr_offset:x",				\
	  "all {pairs} same-build symbols share the slide {slide}, but kaslr_offset is {kaslr_offset}") \
	X(SLIDE_KASLR, "slide_kaslr", 0, "pairs:u slide:x",		\
	  "all {pairs} same-build symbols share the slide {slide} = kaslr_offset") \
	X(SLIDE_CONSISTENT, "slide_consistent", 0, "pairs:u slide:x",	\
	  "all {pairs} same-build symbols share the slide {slide}") \
	/* check --bpf: a program's findings (docs/bpf.md) */		\
	X(BPF_SYSCALL_ARCH, "bpf_syscall_arch", 0, "arch:s",		\
	  "the syscall wrapper name of arch '{arch}' is not known")	\
	X(BPF_GLOB_NO_SYMBOLS, "bpf_glob_no_symbols", 0, "glob:s",	\
	  "no kernel symbol list to expand the glob over (give --symbols)") \
	X(BPF_GLOB_NO_MATCH, "bpf_glob_no_match", 0, "glob:s",		\
	  "the glob matches no kernel function (libbpf fails with ENOENT)") \
	X(BPF_TP_NOT_CATEGORY, "bpf_tp_not_category", 0, "tracepoint:s", \
	  "'{tracepoint}' is not category/name (libbpf refuses it)")	\
	X(BPF_NO_EVENT_LIST, "bpf_no_event_list", 0, "event:s",	\
	  "no event list to look the tracepoint up in (give --events)") \
	X(BPF_NO_TRACEPOINT, "bpf_no_tracepoint", 0, "event:s",	\
	  "no tracepoint {event} in the kernel's events")		\
	X(BPF_NO_BTF_TRACE, "bpf_no_btf_trace", 0, "tracepoint:s",	\
	  "no btf_trace_{tracepoint} in the kernel BTF: tp_btf cannot attach") \
	X(BPF_FMOD_RET_NO_LIST, "bpf_fmod_ret_no_list", 0, "function:s", \
	  "fmod_ret needs {function} on the error-injection list (give --error-injection)") \
	X(BPF_FMOD_RET_REFUSED, "bpf_fmod_ret_refused", 0, "function:s", \
	  "fmod_ret: {function} is not on the error-injection list nor a security_ hook (the verifier refuses it: EINVAL)") \
	X(BPF_OFFSET_UNCHECKED, "bpf_offset_unchecked", 0,		\
	  "offset:x function:s",					\
	  "offset +{offset}: whether it is an instruction boundary of {function} is not checked (register_kprobe() refuses it with EILSEQ when not)") \
	X(BPF_CORE_GUARDED, "bpf_core_guarded", 0,			\
	  "relocation:s about:s detail:i",				\
	  "CO-RE {relocation} {about}: {detail} (an existence check: the program takes its other path)") \
	X(BPF_CORE_BRANCH, "bpf_core_branch", 0,			\
	  "relocation:s about:s detail:i",				\
	  "CO-RE {relocation} {about}: {detail} (the program checks this type's fields: the verifier drops the branch not taken)") \
	X(BPF_CORE_POISONED, "bpf_core_poisoned", 0,			\
	  "relocation:s about:s detail:i",				\
	  "CO-RE {relocation} {about}: {detail} (libbpf poisons the instruction: the verifier rejects the program if it is reachable)") \
	X(BPF_CORE_OTHER_BTF, "bpf_core_other_btf", 0,		\
	  "relocation:s about:s detail:i btf:s",			\
	  "CO-RE {relocation} {about}: {detail} in the BTF of {btf}")	\
	X(BPF_CORE_SYSCALL_CTX, "bpf_core_syscall_ctx", 0,		\
	  "relocation:s about:s detail:i",				\
	  "CO-RE {relocation} {about}: {detail} (a syscalls tracepoint's record is struct syscall_trace_enter/exit, not the raw_syscalls struct the program reads it with)") \
	X(BPF_CORE_UNCHECKED, "bpf_core_unchecked", 0, "count:u",	\
	  "{count} CO-RE relocation{count?s} not checked: no kernel BTF (give --btf)") \
	/* check --bpf: a CO-RE relocation's detail */			\
	X(BPF_CORE_BAD_ACCESS, "bpf_core_bad_access", 0, "spec:s",	\
	  "cannot read access string '{spec}'")				\
	X(BPF_CORE_NO_BTF, "bpf_core_no_btf", 0, "",			\
	  "no kernel BTF to check against (give --btf)")		\
	X(BPF_CORE_NO_TYPE, "bpf_core_no_type", 0, "type:s",		\
	  "the kernel has no {type}")					\
	X(BPF_CORE_NO_FIELD, "bpf_core_no_field", 0, "field:s",	\
	  "no field {field}")						\
	X(BPF_CORE_FIELD_KIND, "bpf_core_field_kind", 0,		\
	  "field:s local_kind:k kernel_kind:k",				\
	  "field {field} is a {local_kind} in the program, a {kernel_kind} in the kernel") \
	X(BPF_CORE_NOT_ARRAY, "bpf_core_not_array", 0, "kernel_kind:k", \
	  "an array in the program, a {kernel_kind} in the kernel")	\
	X(BPF_CORE_INDEX, "bpf_core_index", 0, "index:d elements:u",	\
	  "index {index} past the kernel's {elements} elements")	\
	X(BPF_CORE_NO_ENUMVAL, "bpf_core_no_enumval", 0, "value:s",	\
	  "no value {value}")						\
	X(BPF_CORE_INCOMPATIBLE, "bpf_core_incompatible", 0, "",	\
	  "no compatible type")						\
	X(BPF_CORE_CTX_PAST, "bpf_core_ctx_past", 0, "offset:u end:u",	\
	  "the kernel's struct puts it at byte {offset}, past the syscall record's end (at most {end} bytes): the kernel refuses the attach (EACCES)") \
	X(BPF_CORE_CTX_SHIFT, "bpf_core_ctx_shift", 0,		\
	  "offset:u record_offset:u",					\
	  "the kernel's struct puts it at byte {offset}, the syscall record at {record_offset}: the program reads other bytes (another argument), or is refused (EACCES) past the syscall's last argument") \
	/* check --bpf: a hook's offline rows and kernel BTF */		\
	X(BPF_ROWS_ABSENT, "bpf_rows_absent", 0,		\
	  "count:u total:u rows:m",				\
	  "absent in {count} of {total} offline builds ({rows})")	\
	X(BPF_ROWS_INLINED, "bpf_rows_inlined", 0,		\
	  "count:u total:u rows:m",				\
	  "fully inlined in {count} of {total} offline builds ({rows})") \
	X(BPF_ROWS_SELECTIVE, "bpf_rows_selective", 0,		\
	  "count:u total:u rows:m",				\
	  "selectively inlined in {count} of {total} offline builds ({rows}): calls inlined into callers are not seen") \
	X(BPF_ROWS_RENAMED_CLONES, "bpf_rows_renamed_clones", 0,	\
	  "count:u total:u rows:m clones:u",			\
	  "renamed by the compiler in {count} of {total} offline builds ({rows}), and has {clones} clone{clones?s} here: calls to a clone are not seen by name") \
	X(BPF_ROWS_RENAMED_NO_CLONE, "bpf_rows_renamed_no_clone", 0,	\
	  "count:u total:u rows:m",				\
	  "renamed by the compiler in {count} of {total} offline builds ({rows}) (no clone here)") \
	X(BPF_ROWS_RENAMED, "bpf_rows_renamed", 0,		\
	  "count:u total:u rows:m",				\
	  "renamed by the compiler in {count} of {total} offline builds ({rows})") \
	X(BPF_PROTOTYPE_CHANGED, "bpf_prototype_changed", 0,		\
	  "row:s before:s since:s",					\
	  "prototype changed in {row} (before: {before}; since: {since})") \
	X(BPF_NO_BTF_FUNC, "bpf_no_btf_func", 0, "function:s",		\
	  "no BTF function {function} in the kernel BTF: trampolines cannot attach") \
	/* check --bpf: why a client's verdict is unknown */		\
	X(BPF_NO_REPORT, "bpf_no_report", 0, "",			\
	  "no live report (the module is not loaded)")			\
	X(BPF_NOT_TARGET, "bpf_not_target", 0, "",			\
	  "not a target of the live report")				\
	X(BPF_REPORT_V1, "bpf_report_v1", 0, "",			\
	  "report format version 1 has no per-client verdicts")	\
	X(BPF_NO_CLIENT_FIELD, "bpf_no_client_field", 0, "",		\
	  "the report gives no verdict for this client")

#define KS_FINDING_ENUM(code, name, rank, args, fmt) KF_##code,
enum ks_fcode {
	KS_FINDING_CODES(KS_FINDING_ENUM)
	KF__COUNT
};
#undef KS_FINDING_ENUM

#define KS_FINDING_ARGS	4

/* One argument; which member holds it is the type in the table. */
struct ks_farg {
	char *s;			/* s */
	long long n;			/* u d + x k */
	char **v;			/* l w m */
	struct ks_finding *f;		/* i c */
	size_t nv;			/* l w i c: how many */
};

struct ks_finding {
	enum ks_fcode code;
	struct ks_farg a[KS_FINDING_ARGS];
};

/* A list of findings: a target's findings, a check's detail. */
struct ks_findings {
	struct ks_finding *v;
	size_t n;
};

/* The findings an argument of type i or c holds (none for the others). */
static inline struct ks_findings ks_farg_items(const struct ks_farg *a)
{
	struct ks_findings l = { a->f, a->f ? a->nv : 0 };

	return l;
}

/*
 * Record a finding: after the code, its arguments in the table's order,
 * as const char * (s), long long (u d + x k), const char *const *, size_t
 * (l w m: copied), struct ks_findings * (i c: moved, left empty).
 */
void findings_add(struct ks_findings *l, enum ks_fcode code, ...);
void findings_vadd(struct ks_findings *l, enum ks_fcode code, va_list ap);
void findings_free(struct ks_findings *l);
void finding_free(struct ks_finding *f);
/* A deep copy of src into dst (dst's old content is not freed). */
void findings_copy(struct ks_findings *dst, const struct ks_findings *src);
bool findings_equal(const struct ks_findings *a,
		    const struct ks_findings *b);
/* The index of the finding of the lowest rank (see above); -1 if none. */
long findings_summary(const struct ks_findings *l);

const char *finding_name(enum ks_fcode code);
unsigned int finding_rank(enum ks_fcode code);
/* The i-th argument's name and type ('s', 'u', ...); false past the last. */
bool finding_arg(enum ks_fcode code, size_t i, const char **name,
		 size_t *len, char *type);

/* The words, for people (out_*.c): malloc'd. */
char *finding_message(const struct ks_finding *f);
char *findings_message(const struct ks_findings *l, const char *sep);
/* A BTF kind in words ("integer", "struct", ...): the k arguments. */
const char *finding_btf_kind(long long kind);

/*
 * out_json.c: add "code" and the arguments of f to the JSON object o; an
 * argument named like a member o already has is left to that member.
 */
struct json_object;
void json_finding_fields(struct json_object *o, const struct ks_finding *f);

#endif
