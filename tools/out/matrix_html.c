// SPDX-License-Identifier: GPL-2.0
/*
 * The matrix as one self-contained HTML page: an inline SVG heatmap (one
 * <rect class="cell c-CODE"> a cell, with a <title> that says it without
 * script), a legend, the build list and the findings; a small script
 * shows a cell's details on hover or click from the JSON matrix embedded
 * in the page.  Nothing is fetched: no network, no external file.
 */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"

#define CELL_W		36
#define CELL_H		20
#define HEAD_H		38
#define CHAR_W		7.5

static const char *const colours[MX__COUNT] = {
	[MX_REFUSED] = "#d23c3c",
	[MX_ABSENT] = "#6f6f6f",
	[MX_DRIFT] = "#8e44ad",
	[MX_DEGRADED] = "#e0b400",
	[MX_UNKNOWN] = "#d9d9d9",
	[MX_PRESENT] = "#9fd3ae",
	[MX_ATTACHES] = "#2e9d4b",
};

static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

static const char style[] =
	"body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}\n"
	"h1{font-size:1.3em}h2{font-size:1.1em;margin-top:1.5em}\n"
	"svg text{font:12px monospace;fill:#222}\n"
	".cell{stroke:#fff;stroke-width:1;cursor:pointer}\n"
	".cell:hover,.cell.pin{stroke:#000;stroke-width:2}\n"
	/* offline columns: lighter, dashed, grey italic heads */
	".cell.off{fill-opacity:.7;stroke-dasharray:3 2}\n"
	"svg text.off{fill:#666;font-style:italic}\n"
	".sep{stroke:#444;stroke-width:1.5;stroke-dasharray:4 3}\n"
	"tr.off td{color:#555;font-style:italic}\n"
	"#tip{position:fixed;display:none;background:#fff;border:1px solid #888;"
	"padding:.4em .6em;max-width:42em;box-shadow:2px 2px 6px rgba(0,0,0,.25);"
	"font-size:13px;z-index:2}\n"
	"table{border-collapse:collapse}td,th{border:1px solid #ccc;"
	"padding:2px 8px;text-align:left;font-size:13px}\n"
	"code{font-size:12px}\n"
	".legend span.sw{display:inline-block;width:1em;height:1em;"
	"vertical-align:middle;margin:0 .35em 0 1.2em;border:1px solid #999}\n";

static const char script[] =
	"(function () {\n"
	"\tvar d = JSON.parse(document.getElementById('matrix-data').textContent);\n"
	"\tvar tip = document.getElementById('tip'), pinned = null;\n"
	"\tfunction esc(s) {\n"
	"\t\treturn String(s).replace(/[&<>\"']/g, function (c) {\n"
	"\t\t\treturn '&#' + c.charCodeAt(0) + ';';\n"
	"\t\t});\n"
	"\t}\n"
	"\tfunction details(t) {\n"
	"\t\tvar r = d.rows[+t.getAttribute('data-r')];\n"
	"\t\tvar b = d.builds[+t.getAttribute('data-b')];\n"
	"\t\tvar c = r.cells[+t.getAttribute('data-b')];\n"
	"\t\tvar h = '<b>' + esc(r.label) + '</b> (' + esc(r.client) + ') on ' + esc(b.name) +\n"
	"\t\t\t' (' + esc(b.arch) + ')<br>' + esc(c.code) +\n"
	"\t\t\t(c.verdict ? ': <code>' + esc(c.verdict) + '</code>' : '');\n"
	"\t\tif (b.source === 'live')\n"
	"\t\t\th += '<br>' + c.hosts + ' of ' + b.hosts.length +\n"
	"\t\t\t\t' host(s) reported it: ' + esc(b.hosts.join(', '));\n"
	"\t\telse\n"
	"\t\t\th += '<br>offline (' + esc(b.source) + '): ' +\n"
	"\t\t\t\tesc([b.version, b.arch, b.flavor].join('-'));\n"
	"\t\tif (b.same_build.length)\n"
	"\t\t\th += '<br>the same build (GNU build-id): ' +\n"
	"\t\t\t\tesc(b.same_build.join(', '));\n"
	"\t\tc.findings.forEach(function (f) {\n"
	"\t\t\th += '<br>' + esc(f.code) + ': ' + esc(f.message);\n"
	"\t\t});\n"
	"\t\treturn h;\n"
	"\t}\n"
	"\tfunction place(e) {\n"
	"\t\ttip.style.left = Math.min(e.clientX + 14, window.innerWidth - 360) + 'px';\n"
	"\t\ttip.style.top = (e.clientY + 14) + 'px';\n"
	"\t}\n"
	"\tvar svg = document.getElementById('heatmap');\n"
	"\tsvg.addEventListener('mousemove', function (e) {\n"
	"\t\tif (pinned || !e.target.classList.contains('cell'))\n"
	"\t\t\treturn;\n"
	"\t\ttip.innerHTML = details(e.target);\n"
	"\t\ttip.style.display = 'block';\n"
	"\t\tplace(e);\n"
	"\t});\n"
	"\tsvg.addEventListener('mouseout', function () {\n"
	"\t\tif (!pinned)\n"
	"\t\t\ttip.style.display = 'none';\n"
	"\t});\n"
	"\tsvg.addEventListener('click', function (e) {\n"
	"\t\tif (pinned)\n"
	"\t\t\tpinned.classList.remove('pin');\n"
	"\t\tif (!e.target.classList.contains('cell') || pinned === e.target) {\n"
	"\t\t\tpinned = null;\n"
	"\t\t\ttip.style.display = 'none';\n"
	"\t\t\treturn;\n"
	"\t\t}\n"
	"\t\tpinned = e.target;\n"
	"\t\tpinned.classList.add('pin');\n"
	"\t\ttip.innerHTML = details(pinned);\n"
	"\t\ttip.style.display = 'block';\n"
	"\t\tplace(e);\n"
	"\t});\n"
	"\tdocument.body.setAttribute('data-cells',\n"
	"\t\tString(document.querySelectorAll('#heatmap .cell').length));\n"
	"})();\n";

static void heatmap(FILE *f, const struct matrix *m)
{
	size_t i, b, fw = 8;
	double left, w, h;

	for (i = 0; i < m->n_rows; i++)
		if (strlen(m->rows[i].label) > fw)
			fw = strlen(m->rows[i].label);
	if (fw > 48)
		fw = 48;
	left = fw * CHAR_W + 12;
	w = left + m->n_builds * CELL_W + 4;
	h = HEAD_H + m->n_rows * CELL_H + 4;
	fprintf(f, "<svg id=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"matrix\">\n",
		w, h);
	for (b = 0; b < m->n_builds; b++) {
		const char *off = b < m->n_live ? "" : " class=\"off\"";
		double x = left + b * CELL_W + CELL_W / 2.0;

		fprintf(f, "<text%s x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">B%zu<title>",
			off, x, HEAD_H - 22, b + 1);
		esc(f, m->builds[b].name);
		fprintf(f, "</title></text>\n<text%s x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
			off, x, HEAD_H - 8,
			mx_source_short[m->builds[b].source]);
	}
	/* live builds | offline builds */
	if (m->n_live && m->n_live < m->n_builds)
		fprintf(f, "<line class=\"sep\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.0f\"/>\n",
			left + m->n_live * CELL_W, HEAD_H - 3,
			left + m->n_live * CELL_W, h - 2);
	for (i = 0; i < m->n_rows; i++) {
		const struct mx_row *r = &m->rows[i];

		fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\">",
			left - 6, HEAD_H + (int)i * CELL_H + CELL_H - 6);
		esc(f, r->label);
		fputs("</text>\n", f);
		for (b = 0; b < m->n_builds; b++) {
			const struct mx_cell *c = &r->cells[b];

			fprintf(f, "<rect class=\"cell%s c-%s\" data-r=\"%zu\" data-b=\"%zu\" x=\"%.1f\" y=\"%d\" width=\"%d\" height=\"%d\"><title>",
				b < m->n_live ? "" : " off",
				mx_code_names[c->code], i, b,
				left + b * CELL_W, HEAD_H + (int)i * CELL_H,
				CELL_W, CELL_H);
			esc(f, r->label);
			fputs(" on ", f);
			esc(f, m->builds[b].name);
			fprintf(f, ": %s", mx_code_names[c->code]);
			if (c->verdict) {
				fputs(" (", f);
				esc(f, c->verdict);
				fputc(')', f);
			}
			fputs("</title></rect>\n", f);
		}
	}
	fputs("</svg>\n", f);
}

static void body(FILE *f, const struct matrix *m)
{
	size_t i, b, c;

	fputs("<h1>ksymstat matrix: client <code>", f);
	esc(f, matrix_client(m));
	fprintf(f, "</code></h1>\n<p>%zu function%s over %zu live build%s run by %zu host%s and %zu offline build%s (dashed, right of the line; store <code>",
		m->n_rows, m->n_rows == 1 ? "" : "s", m->n_live,
		m->n_live == 1 ? "" : "s", m->n_hosts,
		m->n_hosts == 1 ? "" : "s", m->n_builds - m->n_live,
		m->n_builds - m->n_live == 1 ? "" : "s");
	esc(f, m->db);
	fputs("</code>). Rows with failures first; hover or click a cell for its details.</p>\n",
	      f);
	if (m->offline_note) {
		fputs("<p>No offline builds: ", f);
		esc(f, m->offline_note);
		fputs("</p>\n", f);
	}
	heatmap(f, m);
	fputs("<p class=\"legend\">", f);
	for (c = 0; c < MX__COUNT; c++)
		fprintf(f, "<span class=\"sw c-%s\" style=\"background:%s\"></span><b>%s</b>: %s",
			mx_code_names[c], colours[c], mx_code_names[c],
			mx_code_meaning[c]);
	fputs("</p>\n<h2>Builds</h2>\n<table><tr><th>column</th><th>source</th><th>release</th><th>version-arch-flavor</th><th>build-id</th><th>hosts</th><th>same build</th></tr>\n",
	      f);
	for (b = 0; b < m->n_builds; b++) {
		const struct mx_build *bd = &m->builds[b];

		fprintf(f, "<tr%s><td>B%zu</td><td>", b < m->n_live ? "" :
			" class=\"off\"", b + 1);
		fputs(mx_source_name(bd->source), f);
		if (bd->group) {
			fprintf(f, " %s/", bd->group);
			esc(f, bd->label);
		}
		fputs("</td><td>", f);
		esc(f, bd->release);
		fputs("</td><td>", f);
		if (bd->source != MX_SRC_LIVE) {
			esc(f, bd->version ? bd->version : "?");
			fputc('-', f);
		}
		esc(f, bd->arch);
		if (bd->source != MX_SRC_LIVE) {
			fputc('-', f);
			esc(f, bd->flavor ? bd->flavor : "?");
		}
		fputs("</td><td><code>", f);
		esc(f, bd->build_id);
		fputs("</code></td><td>", f);
		if (bd->source == MX_SRC_LIVE)
			fprintf(f, "%zu: ", bd->n_hosts);
		for (i = 0; i < bd->n_hosts; i++) {
			if (i == 8) {
				fprintf(f, ", … (%zu more)", bd->n_hosts - 8);
				break;
			}
			fputs(i ? ", " : "", f);
			esc(f, bd->hosts[i]);
		}
		fputs("</td><td>", f);
		for (i = 0; i < bd->n_same; i++)
			fprintf(f, "%sB%zu", i ? ", " : "", bd->same[i] + 1);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	if (m->findings.n)
		fputs("<h2>Findings</h2>\n<ul>\n", f);
	for (i = 0; i < m->findings.n; i++) {
		char *msg = finding_message(&m->findings.v[i]);

		fputs("<li>", f);
		esc(f, msg);
		fputs("</li>\n", f);
		free(msg);
	}
	if (m->findings.n)
		fputs("</ul>\n", f);
}

int matrix_html(const char *path, const struct matrix *m, char *err,
		size_t errlen)
{
	struct json_object *o;
	size_t c;
	FILE *f;
	int ret = 0;

	f = fopen(path, "w");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(errno));
		return ret;
	}
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>ksymstat matrix: ",
	      f);
	esc(f, matrix_client(m));
	fputs("</title>\n<style>\n", f);
	fputs(style, f);
	for (c = 0; c < MX__COUNT; c++)
		fprintf(f, ".c-%s{fill:%s}\n", mx_code_names[c], colours[c]);
	fputs("</style>\n</head>\n<body>\n", f);
	body(f, m);
	fputs("<div id=\"tip\"></div>\n<script type=\"application/json\" id=\"matrix-data\">",
	      f);
	/* json-c escapes '/', so no "</script>" can end the data early */
	o = matrix_json_obj(m);
	fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN), f);
	json_object_put(o);
	fputs("</script>\n<script>\n", f);
	fputs(script, f);
	fputs("</script>\n</body>\n</html>\n", f);
	if (fclose(f)) {
		ret = -errno;
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(errno));
	}
	return ret;
}
