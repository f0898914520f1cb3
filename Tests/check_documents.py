#!/usr/bin/env python3
"""Cross-check the documents `kaoping run` publishes against ranking.csv / scores.csv.

Usage: python3 Tests/check_documents.py REPORT_DIR [--pdf]

REPORT_DIR is a published period folder, e.g. reports/2022H1. ranking.csv (UTF-8 with BOM,
CRLF line ends) is the reference; every other document must agree with it:

  ranking.xlsx   one sheet per category/group: every row (by its 单位编码 column) has the
                 rank and total of ranking.csv (totals numeric, equal to the csv text as
                 Decimal); every unit of ranking.csv is on exactly one sheet and each sheet
                 holds one category/group; header row bold; freeze_panes == "A2".
                 Sheet 得分明细: the 得分 of every (单位编码, 指标编码) equals scores.csv's
                 `score`, and every scores.csv row is there; header bold, frozen at A2.
  bulletin.docx  a paragraph equal to the title (first "# " line of bulletin.md); every
                 ranked unit's name is in some table cell; in the ranking tables (header
                 名次, 单位, 总分, ...) every row's rank and total equal ranking.csv's and every
                 ranked unit has a row; first section A4 portrait, top margin 37 mm and left
                 28 mm (±0.5 mm), later sections A4; the East Asian font (w:eastAsia,
                 resolved through run, character style, paragraph style and docDefaults) of
                 every run of the indented body paragraphs is 仿宋_GB2312 (a leading
                 "（一）…。" run may be 楷体_GB2312).
  bulletin.html  strict UTF-8; parses with html.parser with balanced tags; no <script; no
                 http(s):// anywhere except xmlns namespace declarations; no external
                 resource (src, srcset, <link href>, <use href>, CSS url()/@import) other
                 than data: and #fragment; at least 2 charts (figure.chart), each holding
                 exactly one <svg>, and no <svg> outside a chart.
  units/         one .html per row of ranking.csv (named <unit_code>.html when the code is
                 plain [A-Za-z0-9_-]), no others; each contains the unit's name and passes
                 the same parse/self-containment checks as bulletin.html (charts not needed).
  (--lang en output is accepted too: sheet Scores and headers Unit code/Rank/Total,
   Indicator id/Score; table header Rank, Unit, Total; leads "(1) ….")
  --pdf          bulletin.pdf exists; `pdftotext -layout` output (whitespace removed, NFKC)
                 contains the title and every unit name of ranking.csv.

Exit status: 0 all checks passed (one-line OK summary on stdout); 1 some check failed (one
line per failure on stderr); 2 bad usage or a missing tool/library.
"""

import argparse
import csv
import html
import io
import re
import shutil
import subprocess
import sys
import unicodedata
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from pathlib import Path

try:
    import openpyxl
    import docx
    from docx.oxml.ns import qn
except ImportError as e:  # pragma: no cover
    print(f"check_documents: {e}; install with: pip install openpyxl python-docx", file=sys.stderr)
    sys.exit(2)

DETAIL_SHEETS = ("得分明细", "Scores")  # --lang zh / en
MAX_PER_KEY = 12  # failures shown per (file, kind); the rest are counted


class Report:
    def __init__(self):
        self.failures = []   # (file, message)
        self.counts = {}     # key -> number of failures
        self.notes = []      # parts of the OK line

    def fail(self, file, message, key=None):
        key = (file, key or message)
        n = self.counts.get(key, 0) + 1
        self.counts[key] = n
        if n <= MAX_PER_KEY:
            self.failures.append((file, message))
        elif n == MAX_PER_KEY + 1:
            self.failures.append((file, f"(further failures of this kind not shown: {key[1]})"))

    def note(self, text):
        self.notes.append(text)


def dec(text):
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError, ValueError):
        return None


def cell_decimal(value):
    """Decimal of a numeric openpyxl cell value, or None when it is not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def squash(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# --------------------------------------------------------------------------------------
# CSV


def read_ranking(rep, path):
    raw = path.read_bytes()
    if not raw.startswith(b"\xef\xbb\xbf"):
        rep.fail("ranking.csv", "does not start with a UTF-8 BOM")
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    bare_lf = len(re.findall(rb"(?<!\r)\n", body))
    if bare_lf:
        rep.fail("ranking.csv", f"{bare_lf} line(s) end with LF instead of CRLF")
    if not body.endswith(b"\r\n"):
        rep.fail("ranking.csv", "last line does not end with CRLF")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        rep.fail("ranking.csv", f"not UTF-8: {e}")
        return None
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    need = {"category", "rank", "unit_code", "unit_name", "total", "group"}
    missing = need - set(rows[0].keys() if rows else [])
    if not rows:
        rep.fail("ranking.csv", "has no data rows")
        return None
    if missing:
        rep.fail("ranking.csv", f"missing columns: {', '.join(sorted(missing))}")
        return None
    codes = [r["unit_code"] for r in rows]
    for c in sorted({c for c in codes if codes.count(c) > 1}):
        rep.fail("ranking.csv", f"unit_code {c} appears more than once")
    for r in rows:
        if r["rank"] and not r["rank"].isdigit():
            rep.fail("ranking.csv", f"unit {r['unit_code']}: rank {r['rank']!r} is not a whole number")
        if r["total"] and dec(r["total"]) is None:
            rep.fail("ranking.csv", f"unit {r['unit_code']}: total {r['total']!r} is not a number")
        if r["rank"] and not r["total"]:
            rep.fail("ranking.csv", f"unit {r['unit_code']}: ranked but has no total")
    return rows


def read_scores(rep, path):
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        rep.fail("scores.csv", f"not UTF-8: {e}")
        return None
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    if not rows or not {"unit_code", "indicator", "score"} <= set(rows[0].keys()):
        rep.fail("scores.csv", "empty, or lacks unit_code/indicator/score columns")
        return None
    scores = {}
    for r in rows:
        key = (r["unit_code"], r["indicator"])
        if key in scores:
            rep.fail("scores.csv", f"{key[0]}/{key[1]} appears more than once")
        scores[key] = r["score"]
    return scores


# --------------------------------------------------------------------------------------
# XLSX


def header_map(ws):
    return {(str(c.value).strip() if c.value is not None else ""): c.column - 1 for c in ws[1]}


def find_col(headers, *names):
    for n in names:
        if n in headers:
            return headers[n]
    return None


def check_header_style(rep, ws):
    name = f"ranking.xlsx[{ws.title}]"
    not_bold = [str(c.value) for c in ws[1] if c.value not in (None, "") and not c.font.b]
    if not_bold:
        rep.fail(name, f"header cells not bold: {', '.join(not_bold)}")
    if ws.freeze_panes != "A2":
        rep.fail(name, f"freeze_panes is {ws.freeze_panes!r}, expected 'A2'")


def check_xlsx(rep, path, ranking, scores):
    try:
        wb = openpyxl.load_workbook(path)
    except Exception as e:
        rep.fail("ranking.xlsx", f"openpyxl cannot open it: {e}")
        return
    by_code = {r["unit_code"]: r for r in ranking}
    seen = {}        # unit_code -> sheet title
    sheet_groups = {}  # (category, group) -> sheet title
    ranking_sheets = 0
    detail = None
    for ws in wb.worksheets:
        if ws.title in DETAIL_SHEETS:
            detail = ws
            continue
        name = f"ranking.xlsx[{ws.title}]"
        ranking_sheets += 1
        check_header_style(rep, ws)
        h = header_map(ws)
        ccode, crank, ctotal = (find_col(h, "单位编码", "unit_code", "Unit code"), find_col(h, "名次", "rank", "Rank"),
                                find_col(h, "总分", "total", "Total"))
        if None in (ccode, crank, ctotal):
            rep.fail(name, f"header lacks 单位编码/名次/总分 (has: {', '.join(k for k in h if k)})")
            continue
        groups = set()
        for row in ws.iter_rows(min_row=2):
            code_v = row[ccode].value
            if code_v in (None, ""):
                if any(c.value not in (None, "") for c in row):
                    rep.fail(name, f"row {row[0].row} has values but no 单位编码")
                continue
            if not isinstance(code_v, str):
                rep.fail(name, f"row {row[0].row}: 单位编码 {code_v!r} is stored as a number (leading zeros lost)")
            code = str(code_v).strip()
            ref = by_code.get(code)
            if ref is None:
                rep.fail(name, f"row {row[0].row}: unit {code} is not in ranking.csv")
                continue
            if code in seen:
                rep.fail(name, f"unit {code} also on sheet {seen[code]}")
            seen[code] = ws.title
            groups.add((ref["category"], ref["group"]))
            rank_v, total_v = row[crank].value, row[ctotal].value
            if ref["rank"] == "":
                if rank_v not in (None, ""):
                    rep.fail(name, f"unit {code} {ref['unit_name']}: rank {rank_v!r}, ranking.csv has none", "rank")
            elif cell_decimal(rank_v) is None or cell_decimal(rank_v) != Decimal(ref["rank"]):
                rep.fail(name, f"unit {code} {ref['unit_name']}: rank {rank_v!r}, ranking.csv says {ref['rank']}", "rank")
            if ref["total"] == "":
                if total_v not in (None, ""):
                    rep.fail(name, f"unit {code} {ref['unit_name']}: total {total_v!r}, ranking.csv has none", "total")
            else:
                d = cell_decimal(total_v)
                if d is None:
                    rep.fail(name, f"unit {code} {ref['unit_name']}: total {total_v!r} is not a numeric cell", "total")
                elif d != Decimal(ref["total"]):
                    rep.fail(name, f"unit {code} {ref['unit_name']}: total {total_v!r}, ranking.csv says {ref['total']}", "total")
        if len(groups) > 1:
            rep.fail(name, f"mixes categories/groups: {sorted(groups)}")
        for g in groups:
            if g in sheet_groups:
                rep.fail(name, f"category/group {g} also on sheet {sheet_groups[g]}")
            sheet_groups[g] = ws.title
    for r in ranking:
        if r["unit_code"] not in seen:
            rep.fail("ranking.xlsx", f"unit {r['unit_code']} {r['unit_name']} is on no ranking sheet", "absent")
    expected_groups = {(r["category"], r["group"]) for r in ranking}
    if ranking_sheets != len(expected_groups):
        rep.fail("ranking.xlsx", f"{ranking_sheets} ranking sheet(s), ranking.csv has {len(expected_groups)} category/group(s)")

    n_scores = 0
    if detail is None:
        rep.fail("ranking.xlsx", "no sheet named 得分明细 (Scores with --lang en)")
    elif scores is not None:
        name = f"ranking.xlsx[{detail.title}]"
        check_header_style(rep, detail)
        h = header_map(detail)
        ccode, cind, cscore = (find_col(h, "单位编码", "Unit code"), find_col(h, "指标编码", "Indicator id"),
                                find_col(h, "得分", "Score"))
        if None in (ccode, cind, cscore):
            rep.fail(name, "header lacks 单位编码/指标编码/得分")
        else:
            seen_keys = set()
            for row in detail.iter_rows(min_row=2):
                code_v, ind_v, score_v = row[ccode].value, row[cind].value, row[cscore].value
                if code_v in (None, "") and ind_v in (None, ""):
                    continue
                key = (str(code_v).strip(), str(ind_v).strip())
                if not isinstance(code_v, str):
                    rep.fail(name, f"row {row[0].row}: 单位编码 {code_v!r} is stored as a number", "code-type")
                if key in seen_keys:
                    rep.fail(name, f"{key[0]}/{key[1]} appears more than once", "dup")
                seen_keys.add(key)
                if key not in scores:
                    rep.fail(name, f"row {row[0].row}: {key[0]}/{key[1]} is not in scores.csv", "unknown")
                    continue
                n_scores += 1
                want = scores[key]
                if want == "":
                    if score_v not in (None, ""):
                        rep.fail(name, f"{key[0]}/{key[1]}: 得分 {score_v!r}, scores.csv has none", "score")
                    continue
                d = cell_decimal(score_v)
                if d is None:
                    rep.fail(name, f"{key[0]}/{key[1]}: 得分 {score_v!r} is not a numeric cell", "score")
                elif d != Decimal(want):
                    rep.fail(name, f"{key[0]}/{key[1]}: 得分 {score_v!r}, scores.csv says {want}", "score")
            for key in scores:
                if key not in seen_keys:
                    rep.fail(name, f"scores.csv row {key[0]}/{key[1]} is missing", "missing")
    rep.note(f"ranking.xlsx {ranking_sheets} ranking sheets/{len(seen)} units, "
             f"{detail.title if detail is not None else 'no detail sheet'} {n_scores} scores")


# --------------------------------------------------------------------------------------
# DOCX

W_EA = qn("w:eastAsia")
W_EA_THEME = qn("w:eastAsiaTheme")


def style_east_asia(doc, style_id, kind_cache):
    """East Asian font of a style, following basedOn; None when no style in the chain sets it."""
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        el = kind_cache.get(style_id)
        if el is None:
            return None
        rfonts = el.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        if rfonts is not None:
            if rfonts.get(W_EA):
                return rfonts.get(W_EA)
            if rfonts.get(W_EA_THEME):
                return "theme:" + rfonts.get(W_EA_THEME)
        based = el.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return None


def check_docx(rep, path, title, ranking):
    try:
        doc = docx.Document(str(path))
    except Exception as e:
        rep.fail("bulletin.docx", f"python-docx cannot open it: {e}")
        return
    F = "bulletin.docx"

    # Title paragraph (line breaks inside the paragraph are ignored).
    if title is not None:
        texts = [p.text.replace("\n", "").replace("\t", "").strip() for p in doc.paragraphs]
        if title not in texts:
            rep.fail(F, f"no paragraph equals the title {title!r}")

    # Tables.
    cells = []
    rank_tables = 0
    rows_by_name = {}
    for r in ranking:
        rows_by_name.setdefault(r["unit_name"], []).append(r)
    found_in_tables = {}
    for ti, table in enumerate(doc.tables, 1):
        rows = table.rows
        for row in rows:
            for c in row.cells:
                cells.append(c.text.strip())
        if not rows:
            continue
        # Header cells may wrap onto lines (指标\n得分); a 较上期 (Change) column follows 名次
        # once a previous period is on record.
        head = [c.text.strip().replace("\n", "") for c in rows[0].cells]
        if head[:1] not in (["名次"], ["Rank"]):
            continue
        try:
            cols = [head.index(n) for n in (("名次", "单位", "总分") if head[0] == "名次" else ("Rank", "Unit", "Total"))]
        except ValueError:
            continue
        if len(set(head) & {"指标得分", "Indicators"}) == 0:
            continue
        rank_tables += 1
        for ri, row in enumerate(rows[1:], 2):
            vals = [c.text.strip() for c in row.cells]
            if len(vals) <= max(cols) or not any(vals):
                continue
            rank, name, total = (vals[i] for i in cols)
            refs = rows_by_name.get(name)
            if not refs:
                rep.fail(F, f"ranking table {ti} row {ri}: unit {name!r} is not in ranking.csv", "unknown")
                continue
            ref = next((x for x in refs if x["rank"] == rank), refs[0])
            if name in found_in_tables:
                rep.fail(F, f"ranking table {ti}: {name} also in ranking table {found_in_tables[name]}", "dup")
            found_in_tables[name] = ti
            if rank != ref["rank"]:
                rep.fail(F, f"ranking table {ti}: {name} rank {rank!r}, ranking.csv says {ref['rank']!r}", "rank")
            if ref["total"] == "":
                if total not in ("", "—", "-"):
                    rep.fail(F, f"ranking table {ti}: {name} total {total!r}, ranking.csv has none", "total")
            elif dec(total) is None or dec(total) != Decimal(ref["total"]):
                rep.fail(F, f"ranking table {ti}: {name} total {total!r}, ranking.csv says {ref['total']}", "total")
    if rank_tables == 0:
        rep.fail(F, "no ranking table (header 名次, 单位, 总分, ...)")
    for r in ranking:
        if not r["rank"]:
            continue
        if not any(r["unit_name"] in c for c in cells):
            rep.fail(F, f"unit name {r['unit_name']} is in no table cell", "name")
        elif rank_tables and r["unit_name"] not in found_in_tables:
            rep.fail(F, f"ranked unit {r['unit_name']} has no row in any ranking table", "absent")

    # Sections.
    def mm(v):
        return v / 36000 if v is not None else None
    for si, sec in enumerate(doc.sections, 1):
        w, h = mm(sec.page_width), mm(sec.page_height)
        if w is None or h is None:
            rep.fail(F, f"section {si}: no page size")
            continue
        dims = sorted((w, h))
        if abs(dims[0] - 210) > 0.5 or abs(dims[1] - 297) > 0.5:
            rep.fail(F, f"section {si}: page {w:.1f}×{h:.1f} mm is not A4")
        if si == 1:
            if not (w < h) or (sec.orientation is not None and sec.orientation != 0):
                rep.fail(F, f"section 1: page is not portrait ({w:.1f}×{h:.1f} mm, orientation {sec.orientation})")
        if w < h:  # margins are checked on portrait sections
            top, left = mm(sec.top_margin), mm(sec.left_margin)
            if top is None or abs(top - 37) > 0.5:
                rep.fail(F, f"section {si}: top margin {top if top is None else round(top, 2)} mm, expected 37±0.5")
            if left is None or abs(left - 28) > 0.5:
                rep.fail(F, f"section {si}: left margin {left if left is None else round(left, 2)} mm, expected 28±0.5")

    # East Asian font of body runs.
    style_els = {s.get(qn("w:styleId")): s for s in doc.styles.element.findall(qn("w:style"))}
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    default_ea = None
    if defaults is not None:
        rf = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
        if rf is not None:
            default_ea = rf.get(W_EA) or (rf.get(W_EA_THEME) and "theme:" + rf.get(W_EA_THEME))
    body_paras = 0
    body_runs = 0
    lead_re = re.compile(r"^(（[一二三四五六七八九十]+）[^。]*。?|\(\d+\) [^.]*\.?)$")
    for p in doc.paragraphs:  # top-level paragraphs only (not table cells)
        pstyle = p.style.style_id if p.style is not None else "Normal"
        if pstyle and (pstyle.startswith("Heading") or pstyle == "Title"):
            continue
        ind = p.paragraph_format.first_line_indent
        ppr = p._p.pPr
        ind_el = ppr.find(qn("w:ind")) if ppr is not None else None
        chars = ind_el.get(qn("w:firstLineChars")) if ind_el is not None else None
        if not ((ind is not None and ind > 0) or (chars and int(chars) > 0)):
            continue  # letterhead, 发文字号, captions, 主送, 落款 … are not indented body text
        if not p.text.strip():
            continue
        body_paras += 1
        for ri, run in enumerate(p.runs):
            if not run.text.strip():
                continue
            body_runs += 1
            ea = None
            rpr = run._r.rPr
            if rpr is not None:
                rf = rpr.find(qn("w:rFonts"))
                if rf is not None:
                    ea = rf.get(W_EA) or (rf.get(W_EA_THEME) and "theme:" + rf.get(W_EA_THEME))
                if ea is None:
                    rs = rpr.find(qn("w:rStyle"))
                    if rs is not None:
                        ea = style_east_asia(doc, rs.get(qn("w:val")), style_els)
            if ea is None:
                ea = style_east_asia(doc, pstyle, style_els)
            if ea is None:
                ea = default_ea
            if ea == "仿宋_GB2312":
                continue
            if ri == 0 and ea == "楷体_GB2312" and lead_re.match(run.text.strip()):
                continue
            rep.fail(F, f"body run {run.text.strip()[:20]!r}: East Asian font {ea!r}, expected 仿宋_GB2312", "font")
    if body_paras == 0:
        rep.fail(F, "found no indented body paragraph to check the font of")
    rep.note(f"bulletin.docx {rank_tables} ranking tables, {len(doc.sections)} section(s), {body_runs} body runs")


# --------------------------------------------------------------------------------------
# HTML

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
RESOURCE_ATTRS = {"src", "srcset", "poster", "data", "background", "xlink:href"}
URL_RE = re.compile(r"(?i)https?://")
CSS_URL_RE = re.compile(r"(?i)url\(\s*['\"]?([^'\")]*)")


def local_ref(v):
    v = v.strip()
    return v == "" or v.startswith("#") or v.lower().startswith("data:")


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.charts = 0
        self.svgs = 0
        self.svgs_outside = 0
        self.chart_svgs = []   # svg count per chart
        self.chart_depth = []  # stack depth where each open chart started
        self.in_style = False
        self.css = []
        self.text = []

    def where(self):
        line, col = self.getpos()
        return f"line {line}"

    def check_attrs(self, tag, attrs):
        for k, v in attrs:
            v = v or ""
            if k == "xmlns" or k.startswith("xmlns:"):
                continue
            if URL_RE.search(v) or v.strip().startswith("//"):
                self.errors.append(f"{self.where()}: <{tag} {k}=\"{v[:60]}\"> refers to the web")
            elif (k in RESOURCE_ATTRS or (k == "href" and tag in ("link", "use", "image", "script"))) \
                    and not local_ref(v):
                self.errors.append(f"{self.where()}: <{tag} {k}=\"{v[:60]}\"> is an external resource")
            if k == "style":
                self.css.append((self.where(), v))

    def start(self, tag, attrs, closed):
        self.check_attrs(tag, attrs)
        if tag == "script":
            self.errors.append(f"{self.where()}: <script> element")
        if tag == "svg":
            self.svgs += 1
            if self.chart_depth:
                self.chart_svgs[-1] += 1
            else:
                self.svgs_outside += 1
        if tag == "style":
            self.in_style = not closed
        cls = (dict(attrs).get("class") or "").split()
        if tag == "figure" and "chart" in cls and not closed:
            self.charts += 1
            self.chart_svgs.append(0)
            self.chart_depth.append(len(self.stack))
        if not closed and tag not in VOID:
            self.stack.append((tag, self.where()))

    def handle_starttag(self, tag, attrs):
        self.start(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        self.start(tag, attrs, True)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag == "style":
            self.in_style = False
        if not self.stack:
            self.errors.append(f"{self.where()}: </{tag}> without an open element")
            return
        if self.stack[-1][0] != tag:
            open_tag, at = self.stack[-1]
            self.errors.append(f"{self.where()}: </{tag}> closes <{open_tag}> opened at {at}")
            # recover: pop up to the matching tag if there is one
            if any(t == tag for t, _ in self.stack):
                while self.stack and self.stack[-1][0] != tag:
                    self.stack.pop()
            else:
                return
        self.stack.pop()
        if self.chart_depth and len(self.stack) == self.chart_depth[-1] and tag == "figure":
            self.chart_depth.pop()

    def handle_data(self, data):
        if self.in_style:
            self.css.append((self.where(), data))
        else:
            self.text.append(data)


def check_html(rep, path, label, need_charts):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        rep.fail(label, f"not UTF-8: {e}")
        return None
    if re.search(r"(?i)<script", text):
        rep.fail(label, "contains <script")
    p = Checker()
    try:
        p.feed(text)
        p.close()
    except Exception as e:  # html.parser rarely raises, but it may
        rep.fail(label, f"html.parser error: {e}")
        return None
    for err in p.errors:
        rep.fail(label, err, "parse")
    for tag, at in p.stack:
        if tag not in ("html", "body", "head"):
            rep.fail(label, f"<{tag}> opened at {at} is never closed", "parse")
    for at, css in p.css:
        for m in CSS_URL_RE.finditer(css):
            if not local_ref(m.group(1)):
                rep.fail(label, f"{at}: CSS url({m.group(1)[:60]}) is an external resource", "css")
        if re.search(r"(?i)@import", css):
            rep.fail(label, f"{at}: CSS @import", "css")
        if URL_RE.search(css):
            rep.fail(label, f"{at}: CSS refers to the web", "css")
    for t in p.text:
        m = URL_RE.search(t)
        if m:
            rep.fail(label, f"text refers to the web: {t[m.start():m.start() + 60]!r}", "text-url")
    if need_charts:
        if p.charts < 2:
            rep.fail(label, f"{p.charts} chart(s) (figure.chart), expected at least 2 "
                            f"({p.svgs} <svg> in the page)")
        for i, n in enumerate(p.chart_svgs, 1):
            if n != 1:
                rep.fail(label, f"chart {i} holds {n} <svg>, expected 1")
        if p.svgs_outside:
            rep.fail(label, f"{p.svgs_outside} <svg> outside any chart figure")
    return html.unescape(re.sub(r"<[^>]+>", "", text)), p


def check_units(rep, units_dir, ranking):
    if not units_dir.is_dir():
        rep.fail("units/", "missing")
        return
    files = {f.name: f for f in units_dir.glob("*.html")}
    claimed = set()
    contents = {}

    def content(name):
        if name not in contents:
            res = check_html(rep, files[name], f"units/{name}", need_charts=False)
            contents[name] = res[0] if res else ""
        return contents[name]

    plain = re.compile(r"[A-Za-z0-9_-]+")
    odd = []
    for r in ranking:
        code, name = r["unit_code"], r["unit_name"]
        if plain.fullmatch(code):
            fn = f"{code}.html"
            if fn not in files:
                rep.fail("units/", f"no {fn} for {name}", "missing")
                continue
            claimed.add(fn)
            if name not in content(fn):
                rep.fail(f"units/{fn}", f"does not contain the unit name {name!r}", "name")
        else:
            odd.append(r)
    for r in odd:  # codes that are not file names as they are: kaoping writes <code with _ for
        # every other character>.html (-2, -3 on collisions); else any unclaimed page naming the unit
        san = re.sub(r"[^A-Za-z0-9_-]", "_", r["unit_code"])
        likely = [fn for fn in sorted(files) if fn == f"{san}.html" or re.fullmatch(re.escape(san) + r"-\d+\.html", fn)]
        rest = [fn for fn in sorted(files) if fn not in likely]
        match = next((fn for fn in likely + rest if fn not in claimed and r["unit_name"] in content(fn)), None)
        if match is None:
            rep.fail("units/", f"no page for unit {r['unit_code']!r} {r['unit_name']}", "missing")
        else:
            claimed.add(match)
    extra = sorted(set(files) - claimed)
    if extra:
        rep.fail("units/", f"{len(extra)} page(s) for no row of ranking.csv: {', '.join(extra[:10])}")
    rep.note(f"units/ {len(claimed)} pages")


# --------------------------------------------------------------------------------------
# PDF


def check_pdf(rep, path, title, ranking):
    if not path.is_file():
        rep.fail("bulletin.pdf", "missing")
        return
    if shutil.which("pdftotext") is None:
        rep.fail("bulletin.pdf", "pdftotext not found (apt-get install poppler-utils)")
        return
    res = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True)
    if res.returncode != 0:
        rep.fail("bulletin.pdf", f"pdftotext failed: {res.stderr.decode(errors='replace').strip()}")
        return
    raw = res.stdout.decode("utf-8", errors="replace")
    text = squash(raw)
    if title is not None and squash(title) not in text:
        rep.fail("bulletin.pdf", f"title {title!r} not found in the text")
    for r in ranking:
        if squash(r["unit_name"]) not in text:
            rep.fail("bulletin.pdf", f"unit name {r['unit_name']} not found in the text", "name")
    pages = raw.count("\f")
    rep.note(f"bulletin.pdf {pages} pages")


# --------------------------------------------------------------------------------------


def bulletin_title(rep, path):
    if not path.is_file():
        rep.fail("bulletin.md", "missing (needed for the title)")
        return None
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    rep.fail("bulletin.md", "has no '# ' title line")
    return None


def main():
    ap = argparse.ArgumentParser(description="Cross-check kaoping's published documents against ranking.csv.")
    ap.add_argument("report_dir", type=Path, help="published period folder, e.g. reports/2022H1")
    ap.add_argument("--pdf", action="store_true", help="also check bulletin.pdf (needs pdftotext)")
    args = ap.parse_args()
    d = args.report_dir
    if not d.is_dir():
        print(f"check_documents: {d} is not a directory", file=sys.stderr)
        return 2

    rep = Report()
    needed = ["ranking.csv", "scores.csv", "bulletin.md", "bulletin.html", "bulletin.docx", "ranking.xlsx"]
    for n in needed:
        if not (d / n).is_file():
            rep.fail(n, "missing")
    ranking = read_ranking(rep, d / "ranking.csv") if (d / "ranking.csv").is_file() else None
    scores = read_scores(rep, d / "scores.csv") if (d / "scores.csv").is_file() else None
    title = bulletin_title(rep, d / "bulletin.md")

    if ranking is not None:
        rep.note(f"ranking.csv {len(ranking)} units")
        if (d / "ranking.xlsx").is_file():
            check_xlsx(rep, d / "ranking.xlsx", ranking, scores)
        if (d / "bulletin.docx").is_file():
            check_docx(rep, d / "bulletin.docx", title, ranking)
        check_units(rep, d / "units", ranking)
        if args.pdf:
            check_pdf(rep, d / "bulletin.pdf", title, ranking)
    if (d / "bulletin.html").is_file():
        res = check_html(rep, d / "bulletin.html", "bulletin.html", need_charts=True)
        if res:
            rep.note(f"bulletin.html {res[1].charts} charts")

    if rep.failures:
        for f, m in rep.failures:
            print(f"FAIL {f}: {m}", file=sys.stderr)
        total = sum(rep.counts.values())
        print(f"check_documents: {total} failure(s) in {d}", file=sys.stderr)
        return 1
    print(f"OK {d}: " + "; ".join(rep.notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
