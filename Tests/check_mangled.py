#!/usr/bin/env python3
"""Issue 7's corpus of mangled exports: `kaoping run` must answer each with exit 0 or 1, located
errors, no signal, no hang, and a peak RSS under 200 MB.

    check_mangled.py KAOPING SAMPLE_FOLDER WORK_FOLDER [--only NAME ...]   (NAME `schemes`: the schemes only)

For every mangling below, WORK_FOLDER/<name>/data is a copy of the sample folder with one
export damaged (or one added), and `kaoping run` scores it into WORK_FOLDER/<name>/out. Each
case says what it expects to be told: a reject in rejects.csv with the damaged file's path and
a line, or a file-level error on standard error naming the file. Deterministic: the damage is
drawn from a fixed seed. Exit 0 when every case holds, 1 otherwise (each failure printed).

Then the scheme (data/schemes/2022.toml) is damaged the same way, cut short and with bytes
changed at seeded places, and used with the undamaged sample: each run must end with exit 2 and
an error naming the scheme (with line and column for a syntax error), or, where the damage left
a valid scheme, exit 0 or 1; never a signal (the TOML parser under TOMLKit aborts on some
malformed text, which Kaoping's own grammar check must catch first).
"""
from __future__ import annotations

import csv
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

MEMORY_LIMIT_MB = 200
csv.field_size_limit(1 << 30)  # what a broken run wrote must still be read, to be judged
TIME_LIMIT_S = 300
VICTIM = "cases/0101-发改局.csv"  # UTF-8, comma, header on line 1
GBK_VICTIM = "cases/0102-教育局.csv"  # GB18030 with title lines


@dataclass
class Mangle:
    name: str
    # (sample folder, victim path) -> bytes written to the victim path
    make: Callable[[Path], bytes]
    # what must be reported: "reject" (a located row in rejects.csv), "file-line" (standard
    # error names the file and a line: `path:line: error`) or "file" (it names the file)
    expect: str
    # for "reject": the code the damage must show up as (None: any new reject will do)
    code: str | None = None
    victim: str = VICTIM


def original(sample: Path, victim: str = VICTIM) -> bytes:
    return (sample / victim).read_bytes()


def lines_of(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def truncated(sample: Path) -> bytes:
    data = original(sample)
    # Inside a row, and inside a multi-byte character where there is one.
    return data[: len(data) * 2 // 3 + 1]


def bit_flipped(sample: Path) -> bytes:
    rng = random.Random(7)
    data = bytearray(original(sample))
    header_end = data.index(b"\n") + 1
    for _ in range(len(data) // 100):
        at = rng.randrange(header_end, len(data))
        data[at] ^= 1 << rng.randrange(8)
    return bytes(data)


def mixed_encodings(sample: Path) -> bytes:
    utf8 = lines_of(original(sample))
    gbk_row = "BJ20220101X0001,0101,000101005,2022-04-15,已办结,1,0,2022-04-15,窗口,是,满意,".encode("gb18030")
    return b"\n".join(utf8[:5] + [gbk_row] + utf8[5:])


def huge_field(sample: Path) -> bytes:
    rows = lines_of(original(sample))
    big = b"x" * (10 * 1024 * 1024)
    return b"\n".join(rows[:3] + [b"BJ2022010199999,0101,000101005,2022-04-15,completed,1,0," + big] + rows[3:])


def huge_quoted_field(sample: Path) -> bytes:
    rows = lines_of(original(sample))
    # A line break every 64 KiB: a record far longer than --max-row-bytes (8 MiB by default).
    # (With a break every few bytes, refusing it re-reads millions of one-cell lines.)
    big = b'"' + (b"y" * 65535 + b"\n") * 160 + b'"'
    return b"\n".join(rows[:3] + [b"BJ2022010199998,0101," + big + b",2022-04-15,completed,1,0,,window,true,,"] + rows[3:])


def many_columns(sample: Path) -> bytes:
    rows = lines_of(original(sample))
    return b"\n".join(rows[:3] + [rows[3] + b"," * 100_000] + rows[4:])


def many_columns_header(sample: Path) -> bytes:
    rows = lines_of(original(sample))
    return b"\n".join([rows[0] + b",extra" * 100_000] + rows[1:])


def nul_bytes(sample: Path) -> bytes:
    rows = lines_of(original(sample))
    return b"\n".join(rows[:4] + [rows[4].replace(b",", b"\0,", 3)] + rows[5:])


def binary_file(sample: Path) -> bytes:
    return random.Random(11).randbytes(3 * 1024 * 1024)


def binary_after_header(sample: Path) -> bytes:
    rows = lines_of(original(sample))
    return b"\n".join(rows[:2]) + b"\n" + random.Random(13).randbytes(2 * 1024 * 1024)


def binary_after_rows(sample: Path) -> bytes:
    # Past the 64 KiB the encoding is judged on: found only while reading.
    rows = lines_of(original(sample))
    valid = b"\n".join(rows[:1] + rows[1:] * 40)
    return valid + b"\n" + random.Random(17).randbytes(8 * 1024 * 1024)


def field_2mb(sample: Path) -> bytes:
    rows = lines_of(original(sample))
    return b"\n".join(rows[:3] + [b"BJ2022010199995,0101," + b"w" * (2 * 1024 * 1024) + b",2022-04-15,completed,1,0,,window,true,,"] + rows[3:])


def line_20mb(sample: Path) -> bytes:
    rows = lines_of(original(sample))
    return b"\n".join(rows[:3] + [b"BJ2022010199996,0101," + b"z" * (20 * 1024 * 1024)] + rows[3:])


def unterminated_quote(sample: Path) -> bytes:
    rows = lines_of(original(sample))
    return b"\n".join(rows[:6] + [b'BJ2022010199997,0101,"000101005,2022-04-15,completed,1,0,,window,true,,'] + rows[6:])


def long_line_no_newline(sample: Path) -> bytes:
    header = lines_of(original(sample))[0]
    return header + b"\n" + b"BJ1,0101,a," * (6 * 1024 * 1024 // 11)  # 6 MiB: under the row limit


def empty_file(sample: Path) -> bytes:
    return b""


def bom_only(sample: Path) -> bytes:
    return b"\xef\xbb\xbf"


def utf16_odd(sample: Path) -> bytes:
    text = original(sample).decode("utf-8")
    return b"\xff\xfe" + text.encode("utf-16-le") + b"\x00"


def gbk_truncated(sample: Path) -> bytes:
    data = original(sample, GBK_VICTIM)
    # Cut between the two bytes of a GB18030 character: the first byte of a pair is >= 0x81.
    cut = next(i for i in range(len(data) // 2, len(data)) if data[i] >= 0x81) + 1
    return data[:cut]


MANGLES = [
    Mangle("truncated", truncated, "reject"),
    Mangle("bit-flipped", bit_flipped, "file-line"),
    Mangle("mixed-encodings", mixed_encodings, "reject"),
    Mangle("field-10MB", huge_field, "reject", "row_too_long"),
    Mangle("quoted-field-10MB", huge_quoted_field, "reject", "row_too_long"),
    Mangle("columns-100k", many_columns, "reject", "too_many_columns"),
    Mangle("header-columns-100k", many_columns_header, "file-line"),
    Mangle("nul-bytes", nul_bytes, "reject", "binary_content"),
    Mangle("binary-file", binary_file, "file-line"),
    Mangle("binary-after-header", binary_after_header, "file-line"),
    Mangle("binary-after-rows", binary_after_rows, "file-line"),
    Mangle("line-20MB", line_20mb, "reject", "row_too_long"),
    Mangle("field-2MB", field_2mb, "reject", "field_too_large"),
    Mangle("unterminated-quote", unterminated_quote, "reject", "unterminated_quote"),
    Mangle("line-6MB-no-newline", long_line_no_newline, "reject", "too_many_columns"),
    Mangle("empty-file", empty_file, "file"),
    Mangle("bom-only", bom_only, "file"),
    Mangle("utf16-odd-length", utf16_odd, "reject"),
    Mangle("gbk-truncated", gbk_truncated, "reject", victim=GBK_VICTIM),
]


def located_rejects(out: Path, victim: str) -> set[tuple[int, str]]:
    """(line, code) of every reject of `victim` in a run's rejects.csv."""
    rejects = out / "2022H1" / "rejects.csv"
    if not rejects.exists():
        return set()
    with open(rejects, encoding="utf-8-sig", newline="") as handle:
        return {(int(row["line"]), row["code"]) for row in csv.DictReader(handle)
                if row["file"] == victim and row["line"].isdigit() and int(row["line"]) > 0}


def run_case(kaoping: str, sample: Path, work: Path, mangle: Mangle,
             baseline: dict[str, set[tuple[int, str]]]) -> list[str]:
    folder = work / mangle.name
    shutil.rmtree(folder, ignore_errors=True)
    data = folder / "data"
    shutil.copytree(sample, data)
    (data / mangle.victim).write_bytes(mangle.make(sample))
    out = folder / "out"
    peak_file = folder / "peak-kb.txt"
    # /usr/bin/time measures the run alone: a child's ru_maxrss would include this script's
    # own pages at the fork.
    command = ["/usr/bin/time", "-f", "%M", "-o", str(peak_file), kaoping, "run", str(data), "--period", "2022H1", "--out", str(out), "--no-history", "--quiet"]
    env = dict(os.environ, SWIFT_BACKTRACE="enable=no")
    started = time.monotonic()
    with open(folder / "stderr.txt", "wb") as stderr:
        # A session of its own, so that a hang is killed whole (time and kaoping under it).
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env, start_new_session=True)
        deadline = started + TIME_LIMIT_S
        while True:
            pid, status = os.waitpid(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                os.waitpid(process.pid, 0)
                return [f"no answer within {TIME_LIMIT_S} s (hang?)"]
            time.sleep(0.02)
    elapsed = time.monotonic() - started
    problems = []
    if os.WIFSIGNALED(status):
        return [f"killed by signal {signal.Signals(os.WTERMSIG(status)).name}"]
    code = os.WEXITSTATUS(status)
    # GNU time writes "Command terminated by signal N" before the figure when the run died.
    peak_text = peak_file.read_text().split()
    if "signal" in peak_text:
        return [f"killed by signal {peak_text[peak_text.index('signal') + 1]}"]
    peak_mb = int(peak_text[-1]) / 1024
    if code not in (0, 1):
        problems.append(f"exit {code}, expected 0 or 1")
    if peak_mb >= MEMORY_LIMIT_MB:
        problems.append(f"peak RSS {peak_mb:.0f} MB >= {MEMORY_LIMIT_MB} MB")
    stderr_text = (folder / "stderr.txt").read_text(errors="replace")
    if mangle.expect == "file-line":
        if not re.search(re.escape(mangle.victim) + r":\d+(:\d+)?: error", stderr_text):
            problems.append(f"standard error does not locate {mangle.victim} as path:line: {stderr_text[:300]!r}")
    elif mangle.expect == "file":
        if mangle.victim not in stderr_text:
            problems.append(f"standard error does not name {mangle.victim}: {stderr_text[:300]!r}")
    elif mangle.expect == "baseline":
        baseline[mangle.victim] = located_rejects(out, mangle.victim)
    else:
        # The sample has rejects of its own: only new ones are the damage's.
        new = located_rejects(out, mangle.victim) - baseline.get(mangle.victim, set())
        if mangle.code and not any(code == mangle.code for _, code in new):
            problems.append(f"no {mangle.code} reject locates a row of {mangle.victim}: {sorted(new)[:5]}")
        elif not new:
            problems.append(f"no new reject in rejects.csv locates a row of {mangle.victim}; stderr: {stderr_text[:300]!r}")
    print(f"{mangle.name:24} exit {code}  {elapsed:6.1f} s  {peak_mb:6.0f} MB  {'ok' if not problems else 'FAILED'}")
    return problems


SCHEME = Path("data/schemes/2022.toml")
SCHEME_CASES = 40


def damaged_schemes() -> list[tuple[str, bytes]]:
    """Seeded damage to the shipped scheme: cuts, changed bytes, and the shapes that once
    stopped the parser (found by `make fuzz`)."""
    text = SCHEME.read_bytes()
    rng = random.Random(2022)
    cases = []
    for number in range(SCHEME_CASES // 2):
        cut = rng.randrange(1, len(text))
        cases.append((f"cut-{number}", text[:cut]))
    for number in range(SCHEME_CASES // 2):
        data = bytearray(text)
        for _ in range(rng.randint(1, 3)):
            data[rng.randrange(len(data))] = rng.choice(b'[]{}"\'=,.#\n\x00\x16\xff') if rng.random() < 0.7 else rng.randrange(256)
        cases.append((f"bytes-{number}", bytes(data)))
    cases.append(("gbk", text.decode("utf-8").encode("gb18030")))
    cases.append(("header-not-ascii", text.replace(b"[department]", b"[\xe9\x83\xa8\xe9\x97\xa8]", 1)))
    cases.append(("array-brace", text.replace(b"\ntitle", b"\nmetric = [[[[}[[[[,[[\ntitle", 1)))
    cases.append(("nested-deep", text + b"\nx = " + b"[" * 5000 + b"]" * 5000 + b"\n"))
    # toml++ recurses once per part of a dotted key, and searches the tables dotted keys made
    # one by one: a key of 100 000 parts, one of a million (2 MB), 250 KB of dotted tables.
    cases.append(("key-parts-100k", text + b"\na" + b".a" * 100_000 + b" = 1\n"))
    cases.append(("key-parts-1M", b"a" + b".a" * 1_000_000 + b" = 1\n"))
    cases.append(("dotted-tables", text + b"".join(b"t.x%d.y = 1\n" % i for i in range(16_000))))
    return cases


def run_scheme_case(kaoping: str, sample: Path, work: Path, name: str, scheme: bytes) -> tuple[list[str], int]:
    folder = work / "scheme" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / "scheme.toml"
    path.write_bytes(scheme)
    command = [kaoping, "run", str(sample), "--period", "2022H1", "--scheme", str(path), "--out", str(folder / "out"),
               "--no-history", "--quiet"]
    env = dict(os.environ, SWIFT_BACKTRACE="enable=no")
    try:
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, timeout=TIME_LIMIT_S)
    except subprocess.TimeoutExpired:
        return [f"no answer within {TIME_LIMIT_S} s (hang?)"], -1
    code = done.returncode
    if code < 0:
        return [f"killed by signal {signal.Signals(-code).name}"], code
    stderr_text = done.stderr.decode("utf-8", errors="replace")
    if code == 2:
        if not re.search(re.escape(str(path)) + r"(:\d+:\d+)?: error", stderr_text):
            return [f"exit 2 without an error naming the scheme: {stderr_text[:300]!r}"], code
    elif code not in (0, 1):
        return [f"exit {code}, expected 2 (or 0/1 if still valid): {stderr_text[:300]!r}"], code
    return [], code


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    kaoping, sample, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    only = sys.argv[sys.argv.index("--only") + 1:] if "--only" in sys.argv else None
    work.mkdir(parents=True, exist_ok=True)
    failures = 0
    baseline: dict[str, set[tuple[int, str]]] = {}
    # The baselines first (one per victim file), then the damaged copies.
    for victim in sorted({mangle.victim for mangle in MANGLES}):
        for problem in run_case(kaoping, sample, work, Mangle(f"unchanged-{Path(victim).stem}", lambda s, v=victim: original(s, v),
                                                              "baseline", victim=victim), baseline):
            print(f"  baseline: {problem}")
            failures += 1
    for mangle in MANGLES:
        if only and mangle.name not in only:
            continue
        for problem in run_case(kaoping, sample, work, mangle, baseline):
            print(f"  {mangle.name}: {problem}")
            failures += 1
    if not only or "schemes" in only:
        answered, exits = 0, {}
        cases = damaged_schemes()
        for name, scheme in cases:
            problems, code = run_scheme_case(kaoping, sample, work, name, scheme)
            for problem in problems:
                print(f"  scheme {name}: {problem}")
                failures += 1
            answered += not problems
            exits[code] = exits.get(code, 0) + 1
        told = ", ".join(f"exit {code}: {count}" for code, count in sorted(exits.items()))
        print(f"{'damaged schemes':24} {answered}/{len(cases)} answered ({told})")
    print("mangled corpus:", "all answered" if failures == 0 else f"{failures} problem(s)")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
