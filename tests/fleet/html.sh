# SPDX-License-Identifier: GPL-2.0
#
# tests/fleet/html.sh: the matrix page in headless Chromium (Debian's
# chromium).  Source it, then: html_check PAGE JSON PNG, which prints TAP
# through tests/lib/tap.sh: the page loads with no console message (our
# script logs nothing, so any message is an error), its script ran (it
# counts the cells into <body data-cells>), the cells of the DOM are those
# of the JSON matrix, one by one, with their classes; a screenshot of it
# is kept at PNG.
# shellcheck shell=bash

html_chromium() { # OUT ERR ARGS...: chromium headless, its own profile
	local out=$1 err=$2 prof
	shift 2
	prof=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-chromium.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-extensions --disable-dev-shm-usage --user-data-dir="$prof" \
		--enable-logging=stderr --v=0 "$@" >"$out" 2>"$err"
	local rc=$?
	rm -rf "$prof"
	return $rc
}

html_check() {
	local page=$1 json=$2 png=$3 dir
	dir=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-html.XXXXXX")
	cp "$json" "$dir/matrix.json"
	if ! command -v chromium >/dev/null; then
		skip "HTML page: no chromium (scripts/install-deps installs it)"
		rm -rf "$dir"
		return
	fi
	# the detector first: a page with an error must be caught
	printf '<!DOCTYPE html><html><body><script>nosuch();</script></body></html>\n' >"$dir/bad.html"
	html_chromium "$dir/bad.dom" "$dir/bad.err" --dump-dom "file://$dir/bad.html"
	check "html: a page whose script throws is caught (console message seen)" \
		grep -q 'CONSOLE.*Uncaught' "$dir/bad.err"

	if ! html_chromium "$dir/dom" "$dir/err" --dump-dom "file://$page"; then
		not_ok "html: chromium --dump-dom of the page"
		diag "$dir/err"
		rm -rf "$dir"
		return
	fi
	grep 'CONSOLE' "$dir/err" >"$dir/console"
	if [ -s "$dir/console" ]; then
		not_ok "html: the page loads without a console message"
		diag "$dir/console"
	else
		ok "html: the page loads without a console message"
	fi
	if grep -Eq '(src|href)="(https?:)?//' "$page"; then
		not_ok "html: the page fetches nothing (no external src or href)"
	else
		ok "html: the page fetches nothing (no external src or href)"
	fi
	"${py:-python3}" - "$dir/dom" "$dir/matrix.json" >"$dir/cmp" <<'PY'
import html.parser, json, sys

class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.ran = {}, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.ran = a.get("data-cells")
        cls = (a.get("class") or "").split()
        if tag == "rect" and "cell" in cls:
            code = [c[2:] for c in cls if c.startswith("c-")]
            self.cells[(int(a["data-r"]), int(a["data-b"]))] = code

p = P()
p.feed(open(sys.argv[1]).read())
d = json.load(open(sys.argv[2]))
want = {(r, b): [c["code"]] for r, row in enumerate(d["rows"])
        for b, c in enumerate(row["cells"])}
bad = [k for k in want if p.cells.get(k) != want[k]]
extra = [k for k in p.cells if k not in want]
print(len(want), len(p.cells), p.ran, len(bad) + len(extra))
for k in (bad + extra)[:5]:
    print("#", k, want.get(k), p.cells.get(k))
PY
	read -r want got ran nbad <"$dir/cmp"
	check "html: the page's script ran (body data-cells=$ran)" test "$ran" = "$got"
	check "html: $got cells in the DOM, $want in the JSON matrix, each with its code as class ($nbad differ)" \
		test "$want" = "$got" -a "$nbad" = 0 -a "$want" -gt 0
	[ "$nbad" = 0 ] || diag "$dir/cmp"
	mkdir -p "$(dirname "$png")"
	html_chromium "$dir/shot.out" "$dir/shot.err" --hide-scrollbars \
		--window-size=1100,1400 --screenshot="$png" "file://$page"
	check "html: a screenshot of the page is kept ($png)" \
		test -s "$png" -a "$(head -c 4 "$png" | od -An -c | tr -d ' ')" = '211PNG'
	rm -rf "$dir"
}
