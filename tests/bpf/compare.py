#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ksymstat bpf check verdicts against a real load and attach.

  compare.py LOAD KNOWN NAME=JSON...

LOAD is ksbpfload's output (OBJECT PROGRAM SEC load=N attach=N|-); each
NAME=JSON is ksymstat's --json for the object LOAD calls NAME (its first
object).  KNOWN lists disagreements that are explained (OBJECT PROGRAM
reason...).  Prints the counts; exits 1 on a disagreement not in KNOWN.
Agreement: "fail" <=> load or attach failed; ok/note/degraded <=> both
succeeded.  Unknown and not-checked programs are counted apart.
"""
import json
import sys


def main():
    real = {}
    for line in open(sys.argv[1]):
        f = line.split()
        if len(f) != 5 or f[1] == "-":
            continue
        at = f[4].split("=")[1]
        real[(f[0], f[1])] = (int(f[3].split("=")[1]),
                              None if at == "-" else int(at))
    known = {}
    for line in open(sys.argv[2]):
        f = line.split(None, 2)
        if len(f) == 3 and not line.startswith("#"):
            known[(f[0], f[1])] = f[2].strip()
    agree, disagree, explained, unknown, unchecked = 0, 0, 0, 0, 0
    for arg in sys.argv[3:]:
        name, path = arg.split("=", 1)
        for p in json.load(open(path))["objects"][0]["programs"]:
            r = real.get((name, p["name"]))
            if r is None:
                continue
            if p["kind"] in ("runtime", "not_checked"):
                unchecked += 1
                continue
            if p["status"] == "unknown":
                unknown += 1
                continue
            ok = r[0] == 0 and r[1] == 0
            if (p["status"] != "fail") == ok:
                agree += 1
            elif (name, p["name"]) in known:
                explained += 1
                print("# explained: %s %s: ksymstat %s, real load=%s "
                      "attach=%s: %s" % (name, p["name"], p["status"],
                                          r[0], r[1],
                                          known[(name, p["name"])]))
            else:
                disagree += 1
                print("# DISAGREE: %s %s (%s): ksymstat %s (%s), real "
                      "load=%s attach=%s" % (name, p["name"], p["section"],
                                              p["status"], p["summary"],
                                              r[0], r[1]))
    print("# agree %d, explained %d, disagree %d, unknown %d, not checked %d"
          % (agree, explained, disagree, unknown, unchecked))
    return 1 if disagree or not agree else 0


if __name__ == "__main__":
    sys.exit(main())
