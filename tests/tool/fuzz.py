#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Seeded mutation runs of ksymstat over every input kind (tests/tool/fuzz.sh).

    fuzz.py TOOL WORK SEEDS.tsv FIRST     (FIRST: number of its first test)
    fuzz.py --kinds                       (how many test points it prints)

TOOL is a sanitizer build of ksymstat; WORK a scratch directory; SEEDS.tsv
lists the inputs fuzz.sh prepared, one "KIND<TAB>PATH" a line.  For each
kind the unmutated seed runs first (it must not fail: exit 0 or 1), then
RUNS mutants made by a random.Random(SEED) (KSYMSTAT_FUZZ_SEED,
KSYMSTAT_FUZZ_RUNS), so a run is the same run every time.  Every command
runs under timeout(1) and must:
  - print no sanitizer report (AddressSanitizer, LeakSanitizer, UBSan);
  - end before the timeout;
  - exit 0, 1 or 2;
  - with --json, print valid UTF-8 JSON on stdout;
  - exit 2 with a message when the mutant is one the format forbids
    (a NUL byte in a text input; a report cut short, with a line
    repeated or deleted, a blank line, or a count past its type; an ELF,
    BPF or BTF file cut inside its header).
Prints one TAP 13 test point per kind (the caller prints the plan) and
"# fuzz: ..." figures.  Exit 0, or 1 when a test point failed.
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys

TIMEOUT = int(os.environ.get('KSYMSTAT_FUZZ_TIMEOUT', '30'))
SEED = int(os.environ.get('KSYMSTAT_FUZZ_SEED', '20251206'))
RUNS = int(os.environ.get('KSYMSTAT_FUZZ_RUNS', '30'))
SANITIZER = re.compile(rb'ERROR: AddressSanitizer|ERROR: LeakSanitizer|'
                       rb'runtime error:|SUMMARY: UndefinedBehaviorSanitizer')

if sys.argv[1:] == ['--kinds']:
    tool = work = seeds_tsv = None
else:
    tool, work, seeds_tsv, first = sys.argv[1:5]
fix = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')
seeds = dict(line.rstrip('\n').split('\t', 1)
             for line in open(seeds_tsv, encoding='utf-8',
                              errors='surrogateescape')
             if '\t' in line) if seeds_tsv else {}

REPORT_V1 = os.path.join(fix, 'reports', 'clones.report')
REPORT_V2 = os.path.join(fix, 'reports', 'v2-arm64.report')
ARM64 = os.path.join(fix, 'reports', 'arm64.report')
KALLSYMS = os.path.join(fix, 'kallsyms', 'kallsyms')
FILTER = os.path.join(fix, 'kallsyms', 'available_filter_functions')
PAGE = os.path.join(fix, 'kvm_write_guest.md')
LIVE_FB = ['--live-release', '6.1.0-999-cloud-amd64', '--live-arch', 'x86_64']

# ---- mutations: each returns (bytes, forbidden) ----

NUMS = [b'18446744073709551616', b'18446744073709551615', b'4294967297',
        b'4294967296', b'-1', b'1e30', b'1.5', b'99999999999999999999999',
        b'\t-1']
JUNK = [b'\xff', b'\xfe\xfe', b'\xc3\x28', b'\xe9', b'\x80', b'\xed\xa0\x80']


def lines_of(d):
    return d.split(b'\n')


def bitflip(r, d, head=None):
    b = bytearray(d)
    if not b:
        return bytes(b)
    span = min(len(b), head) if head and r.random() < 0.5 else len(b)
    for _ in range(r.randint(1, 8)):
        b[r.randrange(span)] ^= 1 << r.randrange(8)
    return bytes(b)


def truncate(r, d):
    return d[:r.randrange(len(d))] if d else d


def dupline(r, d):
    ls = lines_of(d)
    i = r.randrange(max(1, len(ls) - 1))
    return b'\n'.join(ls[:i + 1] + [ls[i]] + ls[i + 1:])


def delline(r, d):
    ls = lines_of(d)
    i = r.randrange(max(1, len(ls) - 1))
    return b'\n'.join(ls[:i] + ls[i + 1:])


def swaplines(r, d):
    ls = lines_of(d)
    if len(ls) > 2:
        i, j = r.randrange(len(ls) - 1), r.randrange(len(ls) - 1)
        ls[i], ls[j] = ls[j], ls[i]
    return b'\n'.join(ls)


def hugenum(r, d):
    runs = [m for m in re.finditer(rb'[0-9]+', d)]
    if not runs:
        return d
    m = r.choice(runs)
    return d[:m.start()] + r.choice(NUMS) + d[m.end():]


def nul(r, d):
    # inside a line: never the last byte, never next to a newline
    ok = [i for i in range(len(d)) if d[i] != 0x0a and
          (i == 0 or d[i - 1] != 0x0a)]
    i = r.choice(ok) if ok else 0
    return d[:i] + b'\0' + d[i:]


def nonutf8(r, d):
    i = r.randrange(len(d) + 1)
    return d[:i] + r.choice(JUNK) + d[i:]


def blankline(r, d):
    ls = lines_of(d)
    i = r.randrange(max(1, len(ls) - 1))
    return b'\n'.join(ls[:i] + [r.choice([b'', b'   ', b'\t', b' \t '])] +
                      ls[i:])


def overwrite(r, d, head=None):
    b = bytearray(d)
    if not b:
        return bytes(b)
    span = min(len(b), head) if head and r.random() < 0.5 else len(b)
    at = r.randrange(span)
    fill = r.choice([b'\xff' * 8, b'\0' * 8, bytes(r.randrange(256)
                                                   for _ in range(8))])
    b[at:at + 8] = fill[:len(b) - at]
    return bytes(b)


# A report field whose value no integer type of it holds: forbidden.
REPORT_KEYS = [b'count', b'clones', b'sympos', b'symbols', b'modules',
               b'walk_us', b'generation', b'targets', b'size', b'addr',
               b'kprobe_err', b'ftrace_sites', b'syms', b'version']


def report_hugenum(r, d):
    fields = [m for m in re.finditer(rb'\b(' + b'|'.join(REPORT_KEYS) +
                                     rb')=([0-9a-fx-]+)', d)]
    if not fields:
        return hugenum(r, d)
    m = r.choice(fields)
    key = m.group(1)
    val = (b'0x1' + b'0' * 16 if key == b'addr' else
           r.choice([b'18446744073709551616', b'99999999999999999999']))
    return d[:m.start(2)] + val + d[m.end(2):]


def cuthead(r, d):
    """Cut inside the 64-byte ELF header (or BTF's 24-byte one)."""
    return d[:r.randrange(min(len(d), 64))] if d else d


TEXT = [('bitflip', bitflip), ('truncate', truncate), ('dupline', dupline),
        ('delline', delline), ('swaplines', swaplines),
        ('hugenum', hugenum), ('nul', nul), ('nonutf8', nonutf8),
        ('blankline', blankline)]
BINARY = [('bitflip', bitflip), ('truncate', truncate),
          ('overwrite', overwrite), ('nul', nul), ('nonutf8', nonutf8)]
HEADED = BINARY + [('cuthead', cuthead)]
HEADER_FORBIDS = {'cuthead'}
REPORT = [m if m[0] != 'hugenum' else ('hugenum', report_hugenum)
          for m in TEXT]
# what each kind's format forbids, by mutation name
REPORT_FORBIDS = {'truncate', 'dupline', 'delline', 'hugenum', 'nul',
                  'blankline'}
NUL_ONLY = {'nul'}


def kind_table():
    """KIND: (seed kind, file name, mutations, forbidden, [commands])"""
    k = {}
    k['report-v1'] = ('report-v1', 'r.report', REPORT, REPORT_FORBIDS, [
        ['show', '--live', '{F}'],
        ['show', '-j', '--live', '{F}'],
        ['check', 'foo', 'mixed', '--live', '{F}', '--markdown']])
    k['report-v2'] = ('report-v2', 'r.report', REPORT, REPORT_FORBIDS, [
        ['show', '--live', '{F}'],
        ['show', '-p', '--live', '{F}'],
        ['check', 'copy_page_to_iter', '--live', '{F}', '--client',
         'fentry', '-j']])
    k['page'] = ('page', 'kvm_write_guest.md', TEXT, NUL_ONLY, [
        ['check', 'kvm_write_guest', '--live', ARM64, '--page', '{F}'],
        ['check', 'kvm_write_guest', '--live', ARM64, '--page', '{F}',
         '--markdown'],
        ['import', '--db', '{W}/x.db', '{F}']])
    k['dataset'] = ('dataset', '5.4.0-26-generic-arm64.jsonl', TEXT,
                    NUL_ONLY, [
        ['import', '--db', '{W}/x.db', '{F}'],
        ['check', 'kvm_write_guest', '--live', ARM64, '--dataset', '{F}',
         '-j']])
    k['sysmap'] = ('sysmap', 'System.map-6.1.0-999-cloud-amd64', TEXT,
                   NUL_ONLY, [
        ['import', '--db', '{W}/x.db', '{F}'],
        ['check', 'kvm_write_guest', '--live', ARM64, '--sysmap', '{F}']])
    k['kallsyms'] = ('kallsyms', 'kallsyms', TEXT, NUL_ONLY, [
        ['show', 'probe_me', 'foo', 'dup_static', '--kallsyms={F}',
         '--filter-functions=' + FILTER] + LIVE_FB,
        ['show', '-j', 'probe_me', 'weak_fn', '--kallsyms={F}',
         '--filter-functions=' + FILTER] + LIVE_FB])
    k['filter'] = ('filter', 'available_filter_functions', TEXT, NUL_ONLY, [
        ['show', 'probe_me', 'foo', 'dup_static', '--kallsyms=' + KALLSYMS,
         '--filter-functions={F}'] + LIVE_FB])
    k['config'] = ('config', 'config-6.1.0-999-cloud-amd64', TEXT, NUL_ONLY, [
        ['import', '--db', '{W}/x.db', seeds.get('elf', ''), '--config',
         '{F}']])
    k['elf'] = ('elf', 'vmlinux-6.1.0-999-cloud-amd64', HEADED,
                HEADER_FORBIDS, [
        ['import', '--db', '{W}/x.db', '{F}'],
        ['check', 'probe_me', 'foo', '--live',
         os.path.join(fix, 'reports', 'elf-same.report'), '--vmlinux', '{F}',
         '--release', '6.1.0-99-test-amd64', '-j']])
    k['btf'] = ('btf', 'prog.btf', HEADED, HEADER_FORBIDS, [
        ['proto', '--btf', '{F}'],
        ['proto', 'a', 'b', '--btf', '{F}']])
    k['bpf'] = ('bpf', 'prog.bpf.o', HEADED, HEADER_FORBIDS, [
        ['bpf', 'check', '{F}', '--live', REPORT_V2, '-j'],
        ['bpf', 'check', '{F}', '--live', REPORT_V2, '--targets']])
    k['store'] = ('store', 's.db', BINARY, set(), [
        ['check', 'kvm_write_guest', '--live', ARM64, '--db', '{F}'],
        ['check', 'kvm_write_guest', '--live', ARM64, '--db', '{F}',
         '--markdown'],
        ['import', '--db', '{F}', PAGE]])
    return k


class Run:
    def __init__(self):
        self.failures = []
        self.counts = {0: 0, 1: 0, 2: 0}
        self.runs = 0
        self.forbidden = 0


def run_one(st, what, argv, forbidden, rundir):
    env = dict(os.environ,
               ASAN_OPTIONS='detect_leaks=1:abort_on_error=0:exitcode=99',
               UBSAN_OPTIONS='print_stacktrace=1:halt_on_error=1:exitcode=98',
               NO_COLOR='1', KSYMSTAT_REPORT='/nonexistent/report')
    p = subprocess.run(['timeout', '-k', '5', str(TIMEOUT), tool] + argv,
                       cwd=rundir, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    st.runs += 1
    rc = p.returncode
    why = None
    if SANITIZER.search(p.stderr):
        m = SANITIZER.search(p.stderr)
        why = 'sanitizer: ' + p.stderr[max(0, m.start() - 200):
                                       m.start() + 600].decode(
                                           'utf-8', 'replace')
    elif rc in (124, 137):
        why = 'hang (timeout %d s)' % TIMEOUT
    elif rc not in (0, 1, 2):
        why = 'exit %d: %s' % (rc, p.stderr[-400:].decode('utf-8',
                                                            'replace'))
    json_mode = '-j' in argv or '-p' in argv or '--json' in argv
    if not why and json_mode:
        try:
            json.loads(p.stdout.decode('utf-8'))
        except (UnicodeDecodeError, ValueError) as e:
            why = 'not valid UTF-8 JSON on stdout (%s): %r' % (
                e, p.stdout[:200])
    if not why and forbidden:
        st.forbidden += 1
        msg = p.stdout if json_mode else p.stderr
        if rc != 2 or not msg.strip():
            why = 'forbidden input accepted: exit %d, message %r' % (
                rc, msg[:200])
    if rc in st.counts:
        st.counts[rc] += 1
    if why:
        st.failures.append('%s: ksymstat %s: %s' % (what, ' '.join(argv),
                                                    why))
    return rc


def main():
    r = random.Random(SEED)
    table = kind_table()
    total = Run()
    n = int(first) - 1
    failed = False
    for kind, (seed_kind, name, muts, forbids, cmds) in table.items():
        n += 1
        seed = seeds.get(seed_kind)
        if not seed or not os.path.exists(seed):
            print('ok %d # SKIP %s: no seed input' % (n, kind))
            continue
        st = Run()
        data = open(seed, 'rb').read()
        kdir = os.path.join(work, kind)
        for i in range(RUNS + 1):
            d = os.path.join(kdir, '%03d' % i)
            os.makedirs(d)
            if i == 0:
                mname, mutant, forbidden = 'seed', data, False
            else:
                mname, fn = muts[r.randrange(len(muts))]
                mutant = fn(r, data)
                forbidden = mname in forbids and mutant != data
            path = os.path.join(d, name)
            open(path, 'wb').write(mutant)
            cmd = cmds[0] if i == 0 else cmds[r.randrange(len(cmds))]
            todo = cmds if i == 0 else [cmd]
            for c in todo:
                if os.path.exists(os.path.join(d, 'x.db')):
                    os.unlink(os.path.join(d, 'x.db'))
                argv = [a.replace('{F}', path).replace('{W}', d) for a in c]
                rc = run_one(st, '%s/%03d %s' % (kind, i, mname), argv,
                             forbidden, d)
                if i == 0 and rc == 2:
                    st.failures.append('%s: the unmutated seed fails: '
                                       'ksymstat %s' % (kind,
                                                        ' '.join(argv)))
            if not st.failures:
                shutil.rmtree(d)
        total.runs += st.runs
        total.forbidden += st.forbidden
        for k in st.counts:
            total.counts[k] += st.counts[k]
        desc = ('%s: %d runs (exit 0: %d, 1: %d, 2: %d; %d forbidden '
                'mutants refused)' % (kind, st.runs, st.counts[0],
                                      st.counts[1], st.counts[2],
                                      st.forbidden))
        if st.failures:
            failed = True
            print('not ok %d - %s' % (n, desc))
            for f in st.failures[:10]:
                for line in f.splitlines()[:12]:
                    print('# ' + line)
        else:
            print('ok %d - %s' % (n, desc))
    print('# fuzz: seed %d, %d runs, exit 0: %d, exit 1: %d, exit 2: %d, '
          '%d forbidden mutants all refused with a message' % (
              SEED, total.runs, total.counts[0], total.counts[1],
              total.counts[2], total.forbidden) if not failed else
          '# fuzz: seed %d, %d runs, failures above' % (SEED, total.runs))
    return 1 if failed else 0


if __name__ == '__main__':
    if not tool:
        print(len(kind_table()))
        sys.exit(0)
    sys.exit(main())
