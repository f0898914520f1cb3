#!/usr/bin/env python3
"""Kaoping metrics oracle -- an independent re-implementation of SPEC §2-§4.

What it is
----------
A test oracle for the Swift `kaoping` CLI.  It was written from /work/shared/SPEC.md
alone (sections 2, 3 and 4), without reading the Swift sources, so that the two
implementations can be compared: any difference in a unit's numerator/denominator is
either a bug in one of them or an ambiguity in the SPEC (marked `# AMBIGUOUS:` below).

It ingests a data folder (units, cases, items, tickets exports; compliance, adjustments
and targets files are recognised by kind so that file ordering/kind detection is right,
but they do not feed any metric) and prints, for every department and township unit
(villages roll up into their parent township; inactive units are included), the
numerator and denominator of all 17 metrics of SPEC §4.  Counts have denominator null;
a rate with a zero denominator is n/a and is printed as numerator 0 / denominator 0.

Standard library only.  Usage (from the repository root):

    python3 Tests/Oracle/metrics_oracle.py DATA_DIR --period 2022H1 \
        [--as-of YYYY-MM-DD] --calendar data/calendar > out.json

`--debug` additionally writes per-file kind/encoding/delimiter/row counts and every
rejected row (file, line, column, value, reason) to stderr.

Output:
    {"period": "2022H1", "as_of": "2022-06-30",
     "units": {"0101": {"cases_total": {"numerator": 98, "denominator": null}, ...}}}
"""

import argparse
import csv
import datetime as dt
import io
import json
import os
import re
import sys
from fractions import Fraction

# --------------------------------------------------------------------------- folding

def fold(s):
    """Full-width -> half-width (U+FF01..U+FF5E, U+3000), then trim (BOM included)."""
    out = []
    for ch in s:
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E:
            out.append(chr(o - 0xFEE0))
        elif o == 0x3000:
            out.append(' ')
        elif o == 0xFEFF:
            continue
        else:
            out.append(ch)
    return ''.join(out).strip()


def fold_header(s):
    """Header folding: trim, BOM removal, full-width -> half-width, ASCII case fold."""
    f = fold(s)
    return ''.join(c.lower() if 'A' <= c <= 'Z' else c for c in f)


def ascii_lower(s):
    return ''.join(c.lower() if 'A' <= c <= 'Z' else c for c in s)


# --------------------------------------------------------------------------- schemas

# kind -> (required columns, optional columns); column -> aliases
KINDS = {
    'units': (['unit_code', 'unit_name', 'category'],
              ['active', 'required_exports', 'parent_code', 'group', 'order']),
    'cases': (['case_id', 'unit_code', 'received_at', 'status', 'statutory_days'],
              ['item_code', 'channel', 'completed_at', 'promised_days', 'immediate',
               'rating', 'paused_days']),
    'items': (['item_code', 'unit_code', 'statutory_days', 'promised_days'],
              ['item_name', 'window_authorized', 'online_available']),
    'tickets': (['ticket_id', 'unit_code', 'source', 'received_at'],
                ['due_at', 'due_days', 'closed_at', 'satisfaction']),
    'compliance': (['unit_code', 'check', 'result', 'inspected_on'],
                   ['inspector', 'note']),
    'adjustments': (['unit_code', 'kind', 'points', 'reason'],
                    ['reference', 'dated']),
    'targets': (['unit_code', 'metric', 'target'], []),
}

# Aliases belong to the canonical column, in every kind that has that column.
ALIASES = {
    'unit_code': ['单位编码'],
    'unit_name': ['单位名称'],
    'category': ['类别'],
    'active': ['是否参评'],
    'parent_code': ['上级单位编码'],
    'group': ['分组'],
    'order': ['排序'],
    # AMBIGUOUS: SPEC gives no Chinese alias for required_exports; the sample's
    # 应报数据 column is therefore an extra (ignored) column.  Irrelevant for metrics.
    'case_id': ['办件编号'],
    'received_at': ['受理时间'],
    'status': ['办件状态'],
    'statutory_days': ['法定时限'],
    'item_code': ['事项编码'],
    'channel': ['办理渠道'],
    'completed_at': ['办结时间'],
    'promised_days': ['承诺时限'],
    'immediate': ['即办件'],
    'rating': ['评价'],
    'paused_days': ['暂停时长'],
    'item_name': ['事项名称'],
    'window_authorized': ['授权窗口办理'],
    'online_available': ['网上可办'],
    'ticket_id': ['工单编号'],
    'source': ['来源'],
    'due_at': ['办理期限'],
    'due_days': ['办理时限'],
    'closed_at': ['办结时间'],
    'satisfaction': ['满意度'],
    'check': ['检查项目'],
    'result': ['检查结果'],
    'inspected_on': ['检查日期'],
    'inspector': ['检查人'],
    'note': ['问题描述'],
    'kind': ['类型'],
    'points': ['分值'],
    'reason': ['事由'],
    'reference': ['文号'],
    'dated': ['日期'],
    'metric': ['指标'],
    'target': ['目标值'],
}


def kind_name_map(kind):
    """folded header name -> canonical column, for one kind."""
    req, opt = KINDS[kind]
    m = {}
    for col in req + opt:
        m[fold_header(col)] = col
        for a in ALIASES.get(col, []):
            m[fold_header(a)] = col
    return m


KIND_MAPS = {k: kind_name_map(k) for k in KINDS}


def match_header(cells):
    """Return (kind, {canonical: index}) or (None, None) or ('AMBIGUOUS_KIND', kinds)."""
    folded = [fold_header(c) for c in cells]
    fits = []
    for kind, (req, _opt) in KINDS.items():
        nm = KIND_MAPS[kind]
        idx = {}
        for i, f in enumerate(folded):
            col = nm.get(f)
            if col is not None and col not in idx:
                # AMBIGUOUS: a header naming the same column twice -- first one wins.
                idx[col] = i
        if all(r in idx for r in req):
            fits.append((len(req), kind, idx))
    if not fits:
        return None, None
    fits.sort(key=lambda t: -t[0])
    if len(fits) > 1 and fits[0][0] == fits[1][0]:
        return 'AMBIGUOUS_KIND', [f[1] for f in fits if f[0] == fits[0][0]]
    return fits[0][1], fits[0][2]


# --------------------------------------------------------------------------- values

EMPTY_MARKERS = {'-', '—', '/', '无'}


class Bad(Exception):
    pass


def is_empty(raw):
    return fold(raw) == ''


def is_optional_empty(raw):
    return fold(raw) in EMPTY_MARKERS or fold(raw) == ''


_TIME = r'(?:(?:\s+|\s*T\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?'
_DATE_RES = [
    re.compile(r'^(\d{4})-(\d{1,2})-(\d{1,2})' + _TIME + r'$'),
    re.compile(r'^(\d{4})/(\d{1,2})/(\d{1,2})' + _TIME + r'$'),
    re.compile(r'^(\d{4})\.(\d{1,2})\.(\d{1,2})' + _TIME + r'$'),
    re.compile(r'^(\d{4})(\d{2})(\d{2})' + _TIME + r'$'),
    re.compile(r'^(\d{4})年(\d{1,2})月(\d{1,2})日' + _TIME + r'$'),
]
_SERIAL_RE = re.compile(r'^(\d+)(?:\.(\d+))?$')
EXCEL_EPOCH = dt.date(1899, 12, 30)


class When:
    """A parsed date/time: .date, .dt (datetime or None) and precision 0=day,1=min,2=sec."""
    __slots__ = ('date', 'dt', 'prec')

    def __init__(self, date, dtime=None, prec=0):
        self.date = date
        self.dt = dtime
        self.prec = prec


def parse_date(raw):
    """Returns When, or None for empty / no-date marker.  Raises Bad."""
    s = fold(raw)
    if s == '':
        return None
    for rx in _DATE_RES:
        m = rx.match(s)
        if not m:
            continue
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if y == 1900 and mo == 1 and d == 0:
            return None  # "1900/1/0" (any separator form) = no date
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            raise Bad('invalid date')
        if day == dt.date(1900, 1, 1):
            # AMBIGUOUS: 1900-01-01 in any of the date forms (e.g. 19000101, with or
            # without a time) is read as the "no date" marker, not only the literal text.
            return None
        if m.group(4) is None:
            return When(day)
        hh, mi = int(m.group(4)), int(m.group(5))
        ss = int(m.group(6)) if m.group(6) else 0
        if hh > 23 or mi > 59 or ss > 59:
            raise Bad('invalid time')
        return When(day, dt.datetime(y, mo, d, hh, mi, ss), 2 if m.group(6) else 1)
    m = _SERIAL_RE.match(s)
    if m:
        whole = int(m.group(1))
        frac = Fraction('0.' + m.group(2)) if m.group(2) else None
        if whole == 0 and not frac:
            # AMBIGUOUS: serial 0 is what Excel shows as 1900/1/0 -> no date.
            return None
        if whole >= 2958466:  # beyond 9999-12-31
            raise Bad('not a date')
        day = EXCEL_EPOCH + dt.timedelta(days=whole)
        if day == dt.date(1900, 1, 1):
            return None
        if frac is None:
            # AMBIGUOUS: an integral serial is a date-only value; a serial with a
            # fractional part carries a time (rounded to the second).
            return When(day)
        secs = int(round(frac * 86400))
        if secs >= 86400:
            secs = 86399
        t = dt.datetime(day.year, day.month, day.day) + dt.timedelta(seconds=secs)
        return When(day, t, 2)
    raise Bad('not a date')


_NUM_RE = re.compile(r'^([+-]?)(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?(%?)$')


def parse_number(raw):
    s = fold(raw).replace(' ', '')
    m = _NUM_RE.match(s)
    if not m:
        raise Bad('not a number')
    v = Fraction(m.group(2).replace(',', ''))
    if m.group(3):
        v += Fraction(int(m.group(3)), 10 ** len(m.group(3)))
    if m.group(1) == '-':
        v = -v
    if m.group(4):
        v /= 100
    return v


def parse_days(raw):
    # AMBIGUOUS: day counts (statutory/promised/paused/due days) must be whole,
    # non-negative numbers; 2.5 or -1 or 50% is treated as unparseable.
    v = parse_number(raw)
    if v.denominator != 1 or v < 0:
        raise Bad('not a whole number of days')
    return int(v)


_BOOL = {'是': True, '否': False, 'y': True, 'n': False, 'yes': True, 'no': False,
         'true': True, 'false': False, '1': True, '0': False, '√': True, '×': False}


def parse_bool(raw):
    s = ascii_lower(fold(raw))
    if s in _BOOL:
        return _BOOL[s]
    raise Bad('not a boolean')


def vocab(table):
    def parse(raw):
        s = ascii_lower(fold(raw))
        if s in table:
            return table[s]
        raise Bad('not in vocabulary')
    return parse


parse_status = vocab({'completed': 'completed', '已办结': 'completed', '办结': 'completed',
                      'in_progress': 'in_progress', '办理中': 'in_progress', '在办': 'in_progress',
                      'rejected': 'rejected', '不予受理': 'rejected', '退件': 'rejected',
                      'suspended': 'suspended', '挂起': 'suspended', '暂停': 'suspended'})
parse_channel = vocab({'window': 'window', '窗口': 'window',
                       'online': 'online', '网上': 'online', '网办': 'online',
                       'mobile': 'mobile', '掌上': 'mobile', '移动端': 'mobile',
                       'collab': 'collab', '协同': 'collab'})
parse_source = vocab({'complaint': 'complaint', '投诉': 'complaint',
                      'hotline': 'hotline', '公开电话': 'hotline',
                      'mailbox': 'mailbox', '信箱': 'mailbox'})
parse_category = vocab({'department': 'department', '部门': 'department',
                        'township': 'township', '乡镇': 'township', '街道': 'township',
                        'village': 'village', '村': 'village', '社区': 'village'})
_RATING_WORDS = {'非常满意': 5, '满意': 4, '基本满意': 3, '不满意': 2, '非常不满意': 1}


def parse_rating(raw):
    s = fold(raw)
    if s in _RATING_WORDS:
        return _RATING_WORDS[s]
    v = parse_number(s)
    if v.denominator != 1 or not (1 <= v <= 5):
        raise Bad('rating out of range')
    return int(v)


def parse_code(raw):
    """Codes/ids: folded (full-width -> half-width, trimmed), never case-folded."""
    # AMBIGUOUS: case_id, ticket_id and item_code are folded like unit codes.
    return fold(raw)


def parse_text(raw):
    return fold(raw)


# --------------------------------------------------------------------------- calendar

class Calendar:
    def __init__(self, folder):
        self.folder = folder
        self.years = {}

    def _year(self, y):
        if y not in self.years:
            path = os.path.join(self.folder, 'CN-%d.csv' % y)
            if not os.path.exists(path):
                raise SystemExit('error: no working-day calendar for %d (%s)' % (y, path))
            exc = {}
            with open(path, 'rb') as fh:
                text = decode(fh.read(), path)
            for row in csv.reader(io.StringIO(text, newline='')):
                if not row or all(fold(c) == '' for c in row):
                    continue
                if fold_header(row[0]) == 'date':
                    continue
                w = parse_date(row[0])
                kind = ascii_lower(fold(row[1])) if len(row) > 1 else ''
                if w is None or kind not in ('holiday', 'workday'):
                    raise SystemExit('error: bad calendar line in %s: %r' % (path, row))
                exc[w.date] = (kind == 'workday')
            self.years[y] = exc
        return self.years[y]

    def is_working(self, d):
        exc = self._year(d.year)
        if d in exc:
            return exc[d]
        return d.weekday() < 5

    def working_days_between(self, a, b):
        """Working days in (a, b]; 0 when b <= a."""
        n = 0
        d = a + dt.timedelta(days=1)
        while d <= b:
            if self.is_working(d):
                n += 1
            d += dt.timedelta(days=1)
        return n


# --------------------------------------------------------------------------- files

def decode(data, path):
    try:
        return data.decode('utf-8-sig')
    except UnicodeDecodeError:
        pass
    try:
        return data.decode('gb18030')
    except UnicodeDecodeError:
        raise SystemExit('error: %s: cannot be decoded (not UTF-8 nor GB18030)' % path)


def detect_encoding(data):
    try:
        data.decode('utf-8-sig')
        return 'utf-8-bom' if data.startswith(b'\xef\xbb\xbf') else 'utf-8'
    except UnicodeDecodeError:
        return 'gb18030'


DELIMS = [',', '\t', ';']


class LoadedFile:
    def __init__(self, rel, kind, idx, delim, enc, header_line, records):
        self.rel = rel
        self.kind = kind
        self.idx = idx
        self.delim = delim
        self.enc = enc
        self.header_line = header_line
        self.records = records   # list of (physical line, cells)


def physical_lines(text):
    """[(line text, offset of the next line)]; \r\n, \n and a lone \r end a line."""
    out = []
    pos = 0
    for m in re.finditer(r'\r\n|\n|\r', text):
        out.append((text[pos:m.start()], m.end()))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], len(text)))
    return out


def load_file(root, rel):
    path = os.path.join(root, rel)
    with open(path, 'rb') as fh:
        data = fh.read()
    text = decode(data, rel)
    enc = detect_encoding(data)
    lines = physical_lines(text)
    # AMBIGUOUS: the header is the first physical line that fits a kind; any lines above
    # it are skipped as title lines even when they hold more than one non-empty cell
    # (the SPEC only describes one-cell title lines and does not say what else to do).
    for li, (line, next_off) in enumerate(lines):
        if line.strip() == '':
            continue
        found = []
        for d in DELIMS:
            cells = next(csv.reader([line], delimiter=d), [])
            if len(cells) < 2:
                continue
            kind, idx = match_header(cells)
            if kind == 'AMBIGUOUS_KIND':
                raise SystemExit('error: %s: ambiguous kind (%s)' % (rel, ', '.join(idx)))
            if kind is not None:
                found.append((d, kind, idx))
        if not found:
            continue
        # AMBIGUOUS: should one header line fit with two delimiters (never seen), the
        # first of comma, tab, semicolon wins.
        d, kind, idx = found[0]
        rest = text[next_off:]
        reader = csv.reader(io.StringIO(rest, newline=''), delimiter=d)
        records = []
        while True:
            start = reader.line_num
            try:
                cells = next(reader)
            except StopIteration:
                break
            records.append((li + 2 + start, cells))
        return LoadedFile(rel, kind, idx, d, enc, li + 1, records)
    raise SystemExit('error: %s: header fits no kind' % rel)


def list_csv_files(root):
    out = []
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            # AMBIGUOUS: only files whose name ends in .csv (any case) are inputs;
            # hidden files (starting with '.') are ignored.
            if f.lower().endswith('.csv') and not f.startswith('.'):
                out.append(os.path.relpath(os.path.join(dirpath, f), root))
    return out


SUMMARY_PREFIXES = ('合计', '总计', '小计')
FOOTER_PREFIXES = ('注', '备注', '说明', '填报单位', '填报人', '制表', '审核', '联系电话')


def classify_row(cells):
    """'blank' | 'summary' | 'footer' | 'data'"""
    nonempty = [fold(c) for c in cells if fold(c) != '']
    if not nonempty:
        return 'blank'
    if nonempty[0].startswith(SUMMARY_PREFIXES):
        return 'summary'
    if len(nonempty) == 1 and nonempty[0].startswith(FOOTER_PREFIXES):
        return 'footer'
    return 'data'


# --------------------------------------------------------------------------- ingest

class Reject(Exception):
    def __init__(self, column, value, code):
        Exception.__init__(self, code)
        self.column, self.value, self.code = column, value, code


def parse_period(name):
    m = re.fullmatch(r'(\d{4})(H[12]|Q[1-4])?', name)
    if not m:
        raise SystemExit('error: bad period %r' % name)
    y = int(m.group(1))
    p = m.group(2)
    if p is None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if p == 'H1':
        return dt.date(y, 1, 1), dt.date(y, 6, 30)
    if p == 'H2':
        return dt.date(y, 7, 1), dt.date(y, 12, 31)
    q = int(p[1])
    start = dt.date(y, 3 * q - 2, 1)
    end = (dt.date(y, 3 * q + 1, 1) if q < 4 else dt.date(y + 1, 1, 1)) - dt.timedelta(days=1)
    return start, end


class Ingest:
    def __init__(self, root, start, as_of, debug=False):
        self.root = root
        self.start = start
        self.as_of = as_of
        self.debug = debug
        self.units = {}      # code -> dict
        self.cases = []      # accepted, in-period
        self.items = []      # accepted
        self.tickets = []    # accepted, in-period
        self.seen_cases = {}
        self.seen_tickets = {}
        self.seen_items = {}
        self.rejects = []
        self.stats = []

    def log(self, msg):
        if self.debug:
            sys.stderr.write(msg + '\n')

    def run(self):
        rels = list_csv_files(self.root)
        loaded = [load_file(self.root, r) for r in rels]
        bykey = lambda f: f.rel.replace(os.sep, '/').encode('utf-8')
        units_files = sorted([f for f in loaded if f.kind == 'units'], key=bykey)
        others = sorted([f for f in loaded if f.kind != 'units'], key=bykey)
        for f in units_files:
            self.read_units(f)
        self.resolve_units()
        for f in others:
            if f.kind == 'cases':
                self.read_records(f, self.case_row)
            elif f.kind == 'items':
                self.read_records(f, self.item_row)
            elif f.kind == 'tickets':
                self.read_records(f, self.ticket_row)
            else:
                self.log('%s: kind=%s (not used for metrics)' % (f.rel, f.kind))

    # -- generic
    def read_records(self, f, handler):
        counts = {'accepted': 0, 'rejected': 0, 'blank': 0, 'summary': 0, 'footer': 0,
                  'duplicate': 0, 'out_of_period': 0}
        for line, cells in f.records:
            cls = classify_row(cells)
            if cls != 'data':
                counts[cls] += 1
                continue
            row = {col: (cells[i] if i < len(cells) else '') for col, i in f.idx.items()}
            try:
                res = handler(row, cells)
            except Reject as r:
                counts['rejected'] += 1
                self.rejects.append((f.rel, line, r.column, r.value, r.code))
                self.log('REJECT %s:%d %s=%r %s' % (f.rel, line, r.column, r.value, r.code))
                continue
            counts[res] += 1
        self.log('%s: kind=%s enc=%s delim=%r header@%d %s' % (
            f.rel, f.kind, f.enc, f.delim, f.header_line, counts))

    def get(self, row, col, parser, required):
        raw = row.get(col, '')
        if required:
            if is_empty(raw):
                raise Reject(col, raw, 'missing_value')
            try:
                v = parser(raw)
            except Bad:
                raise Reject(col, raw, 'unparseable')
            if v is None:   # a no-date marker in a required date column
                raise Reject(col, raw, 'missing_value')
            return v
        if is_optional_empty(raw):
            return None
        try:
            return parser(raw)
        except Bad:
            raise Reject(col, raw, 'unparseable_optional')

    def known_unit(self, row):
        code = self.get(row, 'unit_code', parse_code, True)
        if code not in self.units or self.units[code].get('assessed') is None:
            raise Reject('unit_code', row.get('unit_code', ''), 'unknown_unit')
        return code

    # -- units
    def read_units(self, f):
        counts = {'accepted': 0, 'rejected': 0, 'blank': 0, 'summary': 0, 'footer': 0,
                  'duplicate': 0}
        for line, cells in f.records:
            cls = classify_row(cells)
            if cls != 'data':
                counts[cls] += 1
                continue
            row = {col: (cells[i] if i < len(cells) else '') for col, i in f.idx.items()}
            try:
                code = self.get(row, 'unit_code', parse_code, True)
                name = self.get(row, 'unit_name', parse_text, True)
                cat = self.get(row, 'category', parse_category, True)
                active = self.get(row, 'active', parse_bool, False)
                parent = self.get(row, 'parent_code', parse_code, False)
                texts = {c: row.get(c, '') for c in KINDS['units'][0] + KINDS['units'][1]}
                if code in self.units:
                    if self.units[code]['texts'] == texts:
                        counts['duplicate'] += 1
                        continue
                    raise Reject('unit_code', row['unit_code'], 'duplicate_unit')
                self.units[code] = {'code': code, 'name': name, 'category': cat,
                                    'active': True if active is None else active,
                                    'parent': parent, 'texts': texts, 'file': f.rel,
                                    'line': line}
                counts['accepted'] += 1
            except Reject as r:
                counts['rejected'] += 1
                self.rejects.append((f.rel, line, r.column, r.value, r.code))
                self.log('REJECT %s:%d %s=%r %s' % (f.rel, line, r.column, r.value, r.code))
        self.log('%s: kind=units enc=%s delim=%r header@%d %s' % (
            f.rel, f.enc, f.delim, f.header_line, counts))

    def resolve_units(self):
        # Each unit is assessed as itself (department/township) or via its parent
        # township (village).
        # AMBIGUOUS: a village whose parent_code is missing, unknown or not a township
        # (an orphan) is refused; its records then fail as unknown_unit.
        for code, u in list(self.units.items()):
            if u['category'] in ('department', 'township'):
                u['assessed'] = code
            else:
                p = self.units.get(u['parent'] or '')
                if p is not None and p['category'] == 'township':
                    u['assessed'] = p['code']
                else:
                    u['assessed'] = None
                    self.rejects.append((u['file'], u['line'], 'parent_code',
                                         u['parent'] or '', 'orphan_village'))
                    self.log('REJECT %s:%d orphan village %s' % (u['file'], u['line'], code))

    # -- helpers
    @staticmethod
    def before(a, b):
        """True when When a is strictly before When b, at the precision both carry."""
        if a.prec == 0 or b.prec == 0:
            return a.date < b.date
        p = min(a.prec, b.prec)
        ta = a.dt.replace(second=0) if p == 1 else a.dt
        tb = b.dt.replace(second=0) if p == 1 else b.dt
        return ta < tb

    def in_period(self, received):
        return self.start <= received.date <= self.as_of

    # -- cases
    def case_row(self, row, cells):
        cid = self.get(row, 'case_id', parse_code, True)
        unit = self.known_unit(row)
        received = self.get(row, 'received_at', parse_date, True)
        status = self.get(row, 'status', parse_status, True)
        statutory = self.get(row, 'statutory_days', parse_days, True)
        item = self.get(row, 'item_code', parse_code, False)
        channel = self.get(row, 'channel', parse_channel, False)
        completed = self.get(row, 'completed_at', parse_date, False)
        promised = self.get(row, 'promised_days', parse_days, False)
        immediate = self.get(row, 'immediate', parse_bool, False)
        rating = self.get(row, 'rating', parse_rating, False)
        paused = self.get(row, 'paused_days', parse_days, False)
        if status == 'completed' and completed is None:
            raise Reject('completed_at', row.get('completed_at', ''), 'completed_without_date')
        if completed is not None and self.before(completed, received):
            raise Reject('completed_at', row.get('completed_at', ''), 'completed_before_received')
        if promised is not None and promised > statutory:
            raise Reject('promised_days', row.get('promised_days', ''), 'promised_exceeds_statutory')
        # AMBIGUOUS: "every cell's text equal" is compared over the raw text of the
        # whole physical row (all cells, extra columns included).
        texts = tuple(cells)
        if cid in self.seen_cases:
            if self.seen_cases[cid] == texts:
                return 'duplicate'
            raise Reject('case_id', row.get('case_id', ''), 'duplicate_id')
        self.seen_cases[cid] = texts
        if not self.in_period(received):
            return 'out_of_period'
        self.cases.append({'id': cid, 'unit': self.units[unit]['assessed'], 'received': received,
                           'status': status, 'statutory': statutory, 'item': item,
                           'channel': channel, 'completed': completed, 'promised': promised,
                           'immediate': immediate, 'rating': rating, 'paused': paused or 0})
        return 'accepted'

    # -- items
    def item_row(self, row, cells):
        code = self.get(row, 'item_code', parse_code, True)
        unit = self.known_unit(row)
        statutory = self.get(row, 'statutory_days', parse_days, True)
        promised = self.get(row, 'promised_days', parse_days, True)
        self.get(row, 'item_name', parse_text, False)
        window = self.get(row, 'window_authorized', parse_bool, False)
        self.get(row, 'online_available', parse_bool, False)
        if promised > statutory:
            raise Reject('promised_days', row.get('promised_days', ''), 'promised_exceeds_statutory')
        key = (unit, code)
        texts = tuple(cells)
        # AMBIGUOUS: an item (unit_code, item_code) seen before is handled like a
        # case_id: identical repeat = skipped duplicate, different content = rejected.
        if key in self.seen_items:
            if self.seen_items[key] == texts:
                return 'duplicate'
            raise Reject('item_code', row.get('item_code', ''), 'duplicate_id')
        self.seen_items[key] = texts
        self.items.append({'unit': self.units[unit]['assessed'], 'code': code,
                           'statutory': statutory, 'promised': promised,
                           'window': bool(window)})
        return 'accepted'

    # -- tickets
    def ticket_row(self, row, cells):
        tid = self.get(row, 'ticket_id', parse_code, True)
        unit = self.known_unit(row)
        source = self.get(row, 'source', parse_source, True)
        received = self.get(row, 'received_at', parse_date, True)
        due_at = self.get(row, 'due_at', parse_date, False)
        due_days = self.get(row, 'due_days', parse_days, False)
        closed = self.get(row, 'closed_at', parse_date, False)
        sat = self.get(row, 'satisfaction', parse_rating, False)
        if closed is not None and self.before(closed, received):
            raise Reject('closed_at', row.get('closed_at', ''), 'closed_before_received')
        if due_at is None and due_days is None:
            raise Reject('due_at', row.get('due_at', ''), 'no_due')
        texts = tuple(cells)
        if tid in self.seen_tickets:
            if self.seen_tickets[tid] == texts:
                return 'duplicate'
            raise Reject('ticket_id', row.get('ticket_id', ''), 'duplicate_id')
        self.seen_tickets[tid] = texts
        if not self.in_period(received):
            return 'out_of_period'
        self.tickets.append({'id': tid, 'unit': self.units[unit]['assessed'], 'source': source,
                             'received': received, 'due_at': due_at, 'due_days': due_days,
                             'closed': closed, 'satisfaction': sat})
        return 'accepted'


# --------------------------------------------------------------------------- metrics

METRICS = ['cases_total', 'on_time_rate', 'promise_kept_rate', 'immediate_rate',
           'within5_rate', 'online_rate', 'overdue_open', 'satisfaction_rate', 'bad_reviews',
           'immediate_item_rate', 'within5_item_rate', 'window_authorization_rate',
           'compression_rate', 'days_saved', 'ticket_closed_rate', 'ticket_on_time_rate',
           'ticket_satisfaction_rate']
COUNTS = {'cases_total', 'overdue_open', 'bad_reviews', 'days_saved'}


def compute(ing, cal, as_of):
    units = sorted(c for c, u in ing.units.items()
                   if u['category'] in ('department', 'township'))
    acc = {c: {m: [0, None if m in COUNTS else 0] for m in METRICS} for c in units}

    def bump(unit, metric, num, den=1):
        a = acc[unit][metric]
        a[0] += num
        if a[1] is not None:
            a[1] += den

    for c in ing.cases:
        u = c['unit']
        bump(u, 'cases_total', 1)
        if c['status'] == 'suspended':
            continue
        done_by_as_of = c['completed'] is not None and c['completed'].date <= as_of
        # As-of view: a completed_at after as-of means open and not yet rated.
        # AMBIGUOUS: status decides the state; only a `completed` case with
        # completed_at <= as-of is completed.  An in_progress case is open whatever its
        # completed_at says; a rejected (不予受理) case is neither completed nor open.
        completed = c['status'] == 'completed' and done_by_as_of
        is_open = (c['status'] == 'in_progress' or
                   (c['status'] == 'completed' and not done_by_as_of))
        elapsed = None
        if completed:
            elapsed = max(0, cal.working_days_between(c['received'].date, c['completed'].date)
                          - c['paused'])
        # on_time_rate / promise_kept / within5 / overdue_open
        if completed:
            bump(u, 'on_time_rate', 1 if elapsed <= c['statutory'] else 0)
            bump(u, 'within5_rate', 1 if elapsed <= 5 else 0)
            if c['promised'] is not None:
                bump(u, 'promise_kept_rate', 1 if elapsed <= c['promised'] else 0)
        if is_open:
            wd = max(0, cal.working_days_between(c['received'].date, as_of) - c['paused'])
            if wd > c['statutory']:
                bump(u, 'overdue_open', 1)
                bump(u, 'on_time_rate', 0)   # open overdue counts as late
        # immediate_rate: every non-suspended case (open and rejected ones included) is
        # in the denominator.
        # AMBIGUOUS: an explicit immediate flag (即办件=是) counts whatever the case's
        # state (also for an open or rejected case); the fallback "completed with 0
        # elapsed working days" uses elapsed after paused_days are subtracted.
        if c['immediate'] is not None:
            imm = c['immediate']
        else:
            imm = completed and elapsed == 0
        bump(u, 'immediate_rate', 1 if imm else 0)
        # online_rate
        if c['channel'] is not None:
            bump(u, 'online_rate', 1 if c['channel'] in ('online', 'mobile', 'collab') else 0)
        # satisfaction: a rating on a case completed after as-of is not yet given.
        # AMBIGUOUS: a rating on a case with no completed_at (in progress / rejected)
        # counts; only a completed_at later than as-of hides it.
        rated = c['rating'] is not None and not (
            c['completed'] is not None and c['completed'].date > as_of)
        if rated:
            good = c['rating'] >= 3
            bump(u, 'satisfaction_rate', 1 if good else 0)
            if not good:
                bump(u, 'bad_reviews', 1)

    for it in ing.items:
        u = it['unit']
        bump(u, 'immediate_item_rate', 1 if it['promised'] == 0 else 0)
        bump(u, 'within5_item_rate', 1 if it['promised'] <= 5 else 0)
        # AMBIGUOUS: an empty window_authorized counts as not authorised (the item stays
        # in the denominator).
        bump(u, 'window_authorization_rate', 1 if it['window'] else 0)
        if it['statutory'] > 0:
            bump(u, 'compression_rate', it['statutory'] - it['promised'], it['statutory'])
        bump(u, 'days_saved', it['statutory'] - it['promised'])

    for t in ing.tickets:
        u = t['unit']
        closed = t['closed'] is not None and t['closed'].date <= as_of
        bump(u, 'ticket_closed_rate', 1 if closed else 0)
        on_time = False
        if closed:
            # AMBIGUOUS: when a ticket carries both due_at and due_days, the explicit
            # deadline due_at decides; due_days is used only when due_at is empty.
            if t['due_at'] is not None:
                on_time = t['closed'].date <= t['due_at'].date
            else:
                on_time = cal.working_days_between(t['received'].date,
                                                   t['closed'].date) <= t['due_days']
        bump(u, 'ticket_on_time_rate', 1 if on_time else 0)
        rated = t['satisfaction'] is not None and not (
            t['closed'] is not None and t['closed'].date > as_of)
        # AMBIGUOUS: like cases, a satisfaction on a ticket without closed_at counts.
        if rated:
            bump(u, 'ticket_satisfaction_rate', 1 if t['satisfaction'] >= 3 else 0)

    out = {}
    for c in units:
        out[c] = {m: {'numerator': acc[c][m][0], 'denominator': acc[c][m][1]} for m in METRICS}
    return out


# --------------------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description='Kaoping metrics oracle (SPEC §2-§4)')
    ap.add_argument('data_dir')
    ap.add_argument('--period', required=True)
    ap.add_argument('--as-of')
    ap.add_argument('--calendar', required=True)
    ap.add_argument('--debug', action='store_true')
    a = ap.parse_args(argv)
    start, end = parse_period(a.period)
    as_of = end
    if a.as_of:
        w = parse_date(a.as_of)
        if w is None:
            raise SystemExit('error: bad --as-of')
        as_of = w.date
    # AMBIGUOUS: an --as-of later than the period's last day does not extend the
    # period (records must still be received within it) but is the as-of view date.
    cutoff = min(as_of, end)
    ing = Ingest(a.data_dir, start, cutoff, a.debug)
    ing.run()
    cal = Calendar(a.calendar)
    units = compute(ing, cal, as_of)
    json.dump({'period': a.period, 'as_of': as_of.isoformat(), 'units': units},
              sys.stdout, ensure_ascii=False, indent=1, sort_keys=False)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
