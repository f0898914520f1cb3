#!/usr/bin/env python3
"""Kaoping's speed benchmark (issue 6): `kaoping run` against DuckDB, Polars and the libcsv floor.

`make bench` calls this with the venv's python (duckdb and polars installed there). For each
size it generates (once, cached under .bench/data/) a data folder with one cases file,
`kaoping generate DIR --cases N --single-cases-file --seed S`, then times, A/B interleaved
(kaoping, duckdb, polars, libcsv, kaoping, ...), page cache warm:

  kaoping  `kaoping run DIR --period P --out ... --no-history --quiet` (every output written;
           exit 1, "published, but look", is normal: the generated district has a 未报送 unit)
  duckdb   bench/peer_duckdb.sql, run by bench/run_duckdb.py
  polars   bench/peer_polars.py
  libcsv   bench/libcsv_floor.c (compiled here with cc -O2 ... -lcsv into .bench/libcsv_floor): a
           plain C program driving libcsv on one core, counting raw records per unit_code; the
           single-threaded libcsv floor of issue 6's goal "within 1.3x of floor / cores"

each under `/usr/bin/time -v` (peak RSS). It prints and writes to docs/benchmarks.md the
median wall time, MB/s (cases file bytes / time), peak RSS and the ratio kaoping/peer, and
checks that Kaoping's per-unit cases_total (summary.json) equals both peers'. The libcsv floor
validates nothing, so it is not in that check: its total records are shown next to Kaoping's
rows read, and kaoping / (floor / cores) is reported under the table.

Only the standard library, plus duckdb and polars (for their versions) when present.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TOOLS = ("kaoping", "duckdb", "polars", "libcsv")
PEERS = ("duckdb", "polars")  # checked against Kaoping's per-unit cases_total
LABELS = {"libcsv": "libcsv-c (1 core)"}
FLOOR_SOURCE = "libcsv_floor.c"
FLOOR_GOAL = 1.3  # issue 6: kaoping within 1.3x of the 1-core libcsv floor / cores
CASES_FILE = "cases/all-cases.csv"
BYTES_PER_CASE = 135  # a generated single-file case row is ~129 bytes; a little margin


# --------------------------------------------------------------------------------------------
# helpers


def say(*parts: object) -> None:
    print(*parts, flush=True)


def fail(message: str) -> None:
    print(f"bench: error: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def human_count(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return f"{n:,}"


def period_bounds(period: str) -> tuple[str, str]:
    """First and last day of a Kaoping period: 2022H1, 2022H2, 2022, 2022Q1..Q4."""
    m = re.fullmatch(r"(\d{4})(?:(H[12])|(Q[1-4]))?", period)
    if not m:
        fail(f"unsupported period {period!r}")
    year = int(m.group(1))
    if m.group(2):
        first_month = 1 if m.group(2) == "H1" else 7
        months = 6
    elif m.group(3):
        first_month = 3 * (int(m.group(3)[1]) - 1) + 1
        months = 3
    else:
        first_month, months = 1, 12
    first = dt.date(year, first_month, 1)
    end_month = first_month + months
    last = (dt.date(year + 1, 1, 1) if end_month > 12 else dt.date(year, end_month, 1)) - dt.timedelta(days=1)
    return first.isoformat(), last.isoformat()


def cores() -> int:
    """What `nproc` prints: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "nproc": str(cores()),
        "cpu": cpu,
        "ram": ram,
        "kernel": platform.release(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def build_floor(work: Path) -> Path:
    """bench/libcsv_floor.c compiled (cc -O2, -lcsv) into WORK/libcsv_floor; rebuilt when the
    source is newer than the binary."""
    source = BENCH / FLOOR_SOURCE
    binary = work / "libcsv_floor"
    if binary.exists() and binary.stat().st_mtime >= source.stat().st_mtime:
        return binary
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if not cc:
        fail("no C compiler (cc) for bench/libcsv_floor.c (Debian: apt-get install gcc)")
    if not Path("/usr/include/csv.h").exists():
        fail("libcsv-dev is missing (/usr/include/csv.h): run make deps")
    say(f"compiling {source.relative_to(ROOT)} -> {binary}")
    tmp = binary.with_name(binary.name + ".tmp")
    proc = subprocess.run([cc, "-O2", "-o", str(tmp), str(source), "-lcsv"], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        fail(f"{cc} failed on {source}")
    tmp.replace(binary)
    return binary


def versions(kaoping: str, floor: Path) -> dict[str, str]:
    out = {}
    out["kaoping"] = subprocess.run([kaoping, "--version"], capture_output=True, text=True).stdout.strip()
    for name in ("duckdb", "polars"):
        try:
            out[name] = __import__(name).__version__
        except ImportError:
            out[name] = subprocess.run([sys.executable, "-c", f"import {name}; print({name}.__version__)"],
                                       capture_output=True, text=True).stdout.strip() or "missing"
    out["python"] = platform.python_version()
    m = re.search(r"libcsv ([\d.]+)", subprocess.run([str(floor), "--version"], capture_output=True,
                                                      text=True).stdout)
    out["libcsv"] = m.group(1) if m else "unknown"
    cc = os.environ.get("CC") or shutil.which("cc") or "cc"
    first = subprocess.run([cc, "--version"], capture_output=True, text=True).stdout.splitlines()
    out["cc"] = first[0].strip() if first else "unknown"
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no", "--", "Sources",
                            "Package.swift"], capture_output=True, text=True)
    out["commit"] = (commit.stdout.strip() or "unknown") + (" with uncommitted Sources changes" if dirty.stdout.strip() else "")
    return out


# --------------------------------------------------------------------------------------------
# data


def ensure_data(kaoping: str, version: str, work: Path, cases: int, seed: int, period: str) -> Path:
    """The generated folder for `cases`, cached: regenerated when missing, incomplete, or made
    by another Kaoping version or other options."""
    folder = work / "data" / f"cases-{cases}-seed-{seed}-{period}"
    stamp = f"kaoping {version}: generate --cases {cases} --single-cases-file --seed {seed} --period {period}\n"
    marker = folder / ".complete"
    if marker.exists() and marker.read_text() == stamp and (folder / CASES_FILE).exists():
        return folder
    need = cases * BYTES_PER_CASE + (256 << 20)
    free = shutil.disk_usage(work).free
    if free < need:
        fail(f"{cases:,} cases need about {need / 1e9:.1f} GB under {work}, only {free / 1e9:.1f} GB free")
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    say(f"generating {cases:,} cases into {folder} ...")
    started = time.perf_counter()
    subprocess.run([kaoping, "generate", str(partial), "--cases", str(cases), "--single-cases-file",
                    "--seed", str(seed), "--period", period], check=True, stdout=subprocess.DEVNULL)
    partial.rename(folder)
    marker.write_text(stamp)
    say(f"  generated in {time.perf_counter() - started:.1f} s")
    return folder


def read_table(path: Path, wanted: dict[str, tuple[str, ...]]) -> list[dict[str, str]]:
    """Rows of a generated (possibly untidy) CSV/TSV: any of UTF-8, UTF-8 BOM, GB18030; comma,
    tab or semicolon; title lines above a header that has every `wanted` column under one of
    its names. Returns dicts keyed by the `wanted` keys."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        fail(f"{path}: cannot decode")
    lines = text.splitlines()
    for index, line in enumerate(lines):
        for delimiter in (",", "\t", ";"):
            cells = [c.strip() for c in next(csv.reader([line], delimiter=delimiter), [])]
            positions = {}
            for key, names in wanted.items():
                hit = [i for i, c in enumerate(cells) if c in names]
                if hit:
                    positions[key] = hit[0]
            if len(positions) == len(wanted):
                rows = []
                for cells in csv.reader(io.StringIO("\n".join(lines[index + 1:])), delimiter=delimiter):
                    if len(cells) <= max(positions.values()):
                        continue
                    rows.append({key: cells[i].strip() for key, i in positions.items()})
                return rows
    fail(f"{path}: no header with columns {sorted(wanted)}")
    return []


def write_unit_map(folder: Path, path: Path) -> tuple[Path, dict[str, str]]:
    """unit_code -> the code its cases count for (a village's township, else itself), read from
    the generated units file on its own (Kaoping's view is compared with it later). Written to
    `path`, outside the data folder: Kaoping reads every file in there."""
    units = read_table(next((folder / "units").glob("*.*sv")), {
        "code": ("单位编码", "unit_code"),
        "category": ("类别", "category"),
        "parent": ("上级单位编码", "parent_code"),
    })
    mapping: dict[str, str] = {}
    for row in units:
        code = row["code"]
        if not re.fullmatch(r"\d+", code):
            continue  # a title, blank, 合计 or footer row
        village = row["category"] in ("村", "社区", "村/社区", "village")
        mapping[code] = row["parent"] if village and row["parent"] else code
    stale = folder / "unitmap.csv"  # where bench runs before 30 November 2026 left it
    if stale.exists():
        stale.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["unit_code", "rollup_code"])
        for code, rollup in sorted(mapping.items()):
            w.writerow([code, rollup])
    return path, mapping


def warm(path: Path) -> int:
    """Reads the file once so that every timed run finds it in the page cache."""
    total = 0
    with path.open("rb", buffering=0) as f:
        while chunk := f.read(1 << 20):
            total += len(chunk)
    return total


# --------------------------------------------------------------------------------------------
# runs


@dataclass
class Run:
    wall: float
    rss_kib: int
    cpu_percent: int
    exit: int


@dataclass
class Result:
    cases: int
    input_bytes: int
    runs: dict[str, list[Run]] = field(default_factory=lambda: {t: [] for t in TOOLS})
    check: list[str] = field(default_factory=list)
    match: bool = True
    floor_counts: dict[str, int] = field(default_factory=dict)
    cores: int = 1
    # Kaoping on the smallest folder, run right before each of this size's rounds: the scaling
    # goal compares runs minutes apart at most, not the host's hours (see `goals`).
    paired_small: list[Run] = field(default_factory=list)

    def median(self, tool: str) -> float:
        return statistics.median(r.wall for r in self.runs[tool])

    def peak_rss_mib(self, tool: str) -> float:
        return max(r.rss_kib for r in self.runs[tool]) / 1024

    def cpu(self, tool: str) -> int:
        return int(statistics.median(r.cpu_percent for r in self.runs[tool]))

    def floor_ratio(self) -> float:
        """Issue 6's kaoping / (1-core libcsv floor / cores); the goal is ≤ 1.3."""
        return self.median("kaoping") / (self.median("libcsv") / self.cores)


def commands(kaoping: str, floor: Path, folder: Path, out: Path, unitmap: Path, period: str) -> dict[str, list[str]]:
    first, last = period_bounds(period)
    cases = str(folder / CASES_FILE)
    return {
        "kaoping": [kaoping, "run", str(folder), "--period", period, "--out", str(out / "kaoping"),
                    "--no-history", "--quiet"],
        "duckdb": [sys.executable, str(BENCH / "run_duckdb.py"), str(BENCH / "peer_duckdb.sql"), cases,
                   str(unitmap), str(out / "duckdb.csv"), first, last],
        "polars": [sys.executable, str(BENCH / "peer_polars.py"), cases, str(unitmap), str(out / "polars.csv"),
                   first, last],
        "libcsv": [str(floor), cases],  # prints unit_code,count to stdout: the run's log
    }


def timed(tool: str, command: list[str], logs: Path, label: str) -> Run:
    time_file = logs / f"{label}.time"
    log = logs / f"{label}.log"
    with log.open("wb") as sink:
        started = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", str(time_file), *command],
                              stdout=sink, stderr=sink, stdin=subprocess.DEVNULL)
        wall = time.perf_counter() - started
    ok = proc.returncode in ((0, 1) if tool == "kaoping" else (0,))
    if not ok:
        sys.stderr.write(log.read_text(errors="replace")[-3000:])
        fail(f"{tool} exited {proc.returncode}: {' '.join(command)} (log: {log})")
    text = time_file.read_text(errors="replace")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    cpu_match = re.search(r"Percent of CPU this job got: (\d+)%", text)
    return Run(wall=wall, rss_kib=rss, cpu_percent=int(cpu_match.group(1)) if cpu_match else 0,
               exit=proc.returncode)


# --------------------------------------------------------------------------------------------
# the check


def read_floor(log: Path) -> dict[str, int]:
    """The `unit_code,count` lines a libcsv floor run printed (its stderr lines start with
    `libcsv_floor:` and are left out)."""
    lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
             if line and not line.startswith("libcsv_floor:")]
    return {row[0]: int(row[1]) for row in csv.reader(lines) if len(row) == 2}


def read_peer(path: Path) -> dict[str, dict[str, int]]:
    with path.open(encoding="utf-8") as f:
        return {row["unit_code"]: {k: int(v) for k, v in row.items() if k != "unit_code"} for row in csv.DictReader(f)}


def check(result: Result, out: Path, mapping: dict[str, str]) -> None:
    """Kaoping's per-unit cases_total against each peer's; explains Kaoping's row accounting."""
    lines = result.check
    published = next((out / "kaoping").glob("*/summary.json")).parent
    summary = json.loads((published / "summary.json").read_text(encoding="utf-8"))
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    kaoping = {u["code"]: u["metrics"]["cases_total"]["numerator"] or 0 for u in summary["units"]}

    # Kaoping's registry (summary.json villages) against the map the peers joined with.
    theirs = {v: u["code"] for u in summary["units"] for v in u.get("villages", [])}
    ours = {code: rollup for code, rollup in mapping.items() if code != rollup}
    if theirs != ours:
        lines.append(f"note: village roll-up differs: Kaoping {sorted(theirs.items())} vs units file {sorted(ours.items())}")

    entry = next(f for f in manifest["files"] if f["path"] == CASES_FILE)
    rejects: dict[str, int] = {}
    rejected_by_unit: dict[str, int] = {}
    with (published / "rejects.csv").open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["file"] != CASES_FILE:
                continue
            rejects[row["code"]] = rejects.get(row["code"], 0) + 1
            unit = mapping.get(row.get("unit_code", ""), row.get("unit_code", "") or "?")
            rejected_by_unit[unit] = rejected_by_unit.get(unit, 0) + 1
    skipped = entry.get("skipped", {})
    total = sum(kaoping.values())
    lines.append(
        f"Kaoping, {CASES_FILE}: {entry['rows_read']:,} rows read = {entry['rows_accepted']:,} accepted"
        f" + {entry['rows_rejected']:,} rejected + {entry['rows_skipped']:,} skipped")
    lines.append("  rejected: " + ", ".join(f"{code} {n:,}" for code, n in sorted(rejects.items())))
    lines.append("  skipped: " + ", ".join(f"{reason} {n:,}" for reason, n in sorted(skipped.items())))
    lines.append(f"  Σ cases_total over units (summary.json) = {total:,}"
                 + ("" if total == entry["rows_accepted"] else f" (accepted rows: {entry['rows_accepted']:,})"))
    lines.append("  The peer queries apply the same rules (registry join with village roll-up, every cast, the"
                 " three cross-column rules, the period, one case per case_id), so equal is expected.")
    if result.floor_counts:
        floor_total = sum(result.floor_counts.values())
        lines.append(f"libcsv-c floor (1 core, raw records after the header, no validation; not checked): "
                     f"{floor_total:,} records, {len(result.floor_counts):,} distinct unit_code values;"
                     f" Kaoping's rows read {entry['rows_read']:,} ({entry['rows_read'] - floor_total:+,} vs the floor)")

    peers = {name: read_peer(out / f"{name}.csv") for name in PEERS}
    for name, peer in peers.items():
        counts = {code: row["cases_total"] for code, row in peer.items()}
        codes = sorted(set(counts) | set(kaoping))
        diffs = [(c, kaoping.get(c, 0), counts.get(c, 0)) for c in codes if kaoping.get(c, 0) != counts.get(c, 0)]
        if diffs:
            result.match = False
            lines.append(f"MISMATCH kaoping vs {name}: {len(diffs)} of {len(codes)} units differ"
                         f" (Σ kaoping {total:,}, Σ {name} {sum(counts.values()):,})")
            for code, k, p in diffs[:20]:
                lines.append(f"  {code}: kaoping {k:,}, {name} {p:,}, diff {p - k:+,};"
                             f" Kaoping rejected {rejected_by_unit.get(code, 0):,} of its rows")
        else:
            lines.append(f"MATCH kaoping vs {name}: cases_total equal for all {len(codes)} units"
                         f" (Σ {total:,})")
    if peers["duckdb"] == peers["polars"]:
        lines.append("duckdb and polars agree on every column (cases_total, completed, on_time) of every unit")
    else:
        lines.append("note: the duckdb and polars outputs differ (only cases_total is checked against Kaoping)")


# --------------------------------------------------------------------------------------------
# profile


def profile(kaoping: str, folder: Path, out: Path, period: str, logs: Path) -> list[str]:
    """perf stat and a flat perf profile (cpu-clock samples) of one `kaoping run`."""
    lines: list[str] = []
    if not shutil.which("perf"):
        return ["perf is not installed (Debian: linux-perf); no profile taken."]
    command = [kaoping, "run", str(folder), "--period", period, "--out", str(out / "kaoping"),
               "--no-history", "--quiet"]
    stat_file = logs / "perf-stat.txt"
    events = "task-clock,context-switches,cpu-migrations,page-faults,cycles,instructions"
    proc = subprocess.run(["perf", "stat", "-e", events, "-o", str(stat_file), *command],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if proc.returncode not in (0, 1) or not stat_file.exists():
        return [f"perf stat failed (exit {proc.returncode}); perf_event_paranoid or the VM may forbid it."]
    stat = [line.rstrip().replace(str(ROOT) + "/", "") for line in stat_file.read_text().splitlines()
            if line.strip() and not line.startswith("#") and "<not supported>" not in line]
    if "<not supported>" in stat_file.read_text():
        stat.append("(cycles and instructions: <not supported>, no hardware counters on this machine)")
    lines.append(f"`perf stat` of `kaoping run` on {human_count(folder_cases(folder))} cases:")
    lines.append("")
    lines.append("```")
    lines.extend(stat)
    lines.append("```")
    data = logs / "perf.data"
    proc = subprocess.run(["perf", "record", "-F", "499", "-e", "cpu-clock", "-o", str(data), *command],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if proc.returncode not in (0, 1):
        lines.append("")
        lines.append(f"perf record failed (exit {proc.returncode}).")
        return lines
    def perf_report(sort: str, limit: str) -> list[str]:
        report = subprocess.run(["perf", "report", "-i", str(data), "--no-children", "--sort", sort,
                                 "--stdio", "-g", "none", "--percent-limit", limit],
                                capture_output=True, text=True).stdout
        rows = [line for line in report.splitlines() if line.strip() and not line.startswith("#")]
        return [re.sub(r"(\s+-)+\s*$", "", line.rstrip()) for line in rows]

    by_dso = perf_report("dso", "0.5")
    lines.append("")
    lines.append("Self time by library (`perf record -F 499 -e cpu-clock`, all threads):")
    lines.append("")
    lines.append("```")
    lines.extend(re.sub(r"\s+", " ", row.strip()) for row in by_dso)
    lines.append("```")
    rows = perf_report("dso,symbol", "1.5")
    demangler = [shutil.which("swift"), "demangle", "--simplified", "--compact"] if shutil.which("swift") else None
    if demangler and rows:
        demangled = subprocess.run(demangler, input="\n".join(rows), capture_output=True, text=True)
        if demangled.returncode == 0:
            rows = demangled.stdout.splitlines()
    rows = [re.sub(r"\s+", " ", r.strip()) for r in rows]
    rows = [r if len(r) <= 160 else r[:157] + "..." for r in rows]
    lines.append("")
    lines.append("Self time by function (entries ≥ 1.5%; Swift names demangled):")
    lines.append("")
    lines.append("```")
    lines.extend(rows[:30])
    lines.append("```")
    return lines


def folder_cases(folder: Path) -> int:
    m = re.match(r"cases-(\d+)-", folder.name)
    return int(m.group(1)) if m else 0


# --------------------------------------------------------------------------------------------
# report


def table(results: list[Result], markdown: bool) -> list[str]:
    header = ["cases", "input MB", "tool", "median s", "min–max s", "MB/s", "peak RSS MiB", "CPU %",
              "kaoping/peer"]
    rows = []
    for r in results:
        mb = r.input_bytes / 1e6
        for tool in TOOLS:
            walls = [x.wall for x in r.runs[tool]]
            med = r.median(tool)
            ratio = "—" if tool == "kaoping" else f"{r.median('kaoping') / med:.2f}"
            rows.append([human_count(r.cases) if tool == "kaoping" else "", f"{mb:,.0f}" if tool == "kaoping" else "",
                         LABELS.get(tool, tool), f"{med:.2f}", f"{min(walls):.2f}–{max(walls):.2f}", f"{mb / med:,.0f}",
                         f"{r.peak_rss_mib(tool):,.0f}", str(r.cpu(tool)), ratio])
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if i not in (2,) else "---" for i in range(len(header))) + "|"]
        out += ["| " + " | ".join(row) + " |" for row in rows]
    else:
        widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
        fmt = lambda row: "  ".join(c.ljust(w) if i == 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
        out = [fmt(header), fmt(["-" * w for w in widths])] + [fmt(row) for row in rows]
    out.append("")
    for r in results:
        out.append(("- " if markdown else "") + f"{human_count(r.cases)}: {floor_line(r)}")
    return out


def floor_line(r: Result) -> str:
    """Issue 6's floor ratio, spelled out: kaoping / (1-core libcsv floor / cores)."""
    floor, per_core = r.median("libcsv"), r.median("libcsv") / r.cores
    return (f"kaoping / (libcsv floor / {r.cores} cores) = {r.median('kaoping'):.3f} / ({floor:.3f} / {r.cores}"
            f" = {per_core:.3f}) = {r.floor_ratio():.2f} (goal ≤ {FLOOR_GOAL:g}: "
            f"{'met' if r.floor_ratio() <= FLOOR_GOAL else 'not met'})")


def goals(results: list[Result]) -> list[str]:
    """Issue 6's goals, as far as this benchmark measures them."""
    out = []
    by_size = sorted(results, key=lambda r: r.cases)
    for r in by_size:
        fastest = min(r.median(p) for p in PEERS)
        ratio = r.median("kaoping") / fastest
        out.append(f"- {human_count(r.cases)}: kaoping/fastest peer = {ratio:.2f} (goal < 1.0: "
                   f"{'met' if ratio < 1.0 else 'not met'}); peak RSS {r.peak_rss_mib('kaoping'):.1f} MiB "
                   f"(goal ≤ 64 MiB: {'met' if r.peak_rss_mib('kaoping') <= 64 else 'not met'})")
    if len(by_size) >= 2:
        small, large = by_size[0], by_size[-1]
        factor = large.cases / small.cases
        bound = 10.5 * factor / 10
        across = large.median("kaoping") / small.median("kaoping")
        # Every round at the larger size was opened by a run at the smallest (`main`).
        pairs = [big.wall / little.wall for big, little in zip(large.runs["kaoping"], large.paired_small)]
        cost = statistics.median(pairs)
        listed = ", ".join(f"×{p:.2f}" for p in pairs)
        out.append(f"- scaling {human_count(small.cases)} → {human_count(large.cases)} cases (×{factor:g}): "
                   f"×{cost:.2f} the time, the median of {len(pairs)} pairs ({listed}), each a "
                   f"{human_count(large.cases)} run and the {human_count(small.cases)} run just before it "
                   f"(goal ≤ ×{bound:g}: {'met' if cost <= bound else 'not met'}); the two sizes' medians, "
                   f"measured minutes apart, give ×{across:.2f}")
    for r in by_size:
        ratio = r.floor_ratio()
        out.append(f"- {human_count(r.cases)}: kaoping / (1-core libcsv C floor / {r.cores} cores) = {ratio:.2f} "
                   f"(goal ≤ {FLOOR_GOAL:g}: {'met' if ratio <= FLOOR_GOAL else 'not met'})")
    return out


def render_results(results: list[Result], info: dict, argv: str) -> str:
    m, v = info["machine"], info["versions"]
    lines = [
        f"Measured {info['date']} by `{argv}`.",
        "",
        f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['ram']} RAM, Linux {m['kernel']}; "
        f"load average {m['load']} before, {info['load_after']} after (other work may share the machine)",
        f"- Kaoping {v['kaoping']} (commit {v['commit']}, release build), DuckDB {v['duckdb']}, Polars {v['polars']}, "
        f"Python {v['python']}, libcsv {v['libcsv']} (floor compiled by {v['cc']}, -O2)",
        f"- Data: `kaoping generate DIR --cases N --single-cases-file --seed {info['seed']}` "
        f"(one UTF-8-BOM CSV, ~1% planted bad rows), period {info['period']}; "
        f"{info['runs']} timed runs per tool and size, interleaved kaoping, duckdb, polars, libcsv-c, …, "
        f"after {info['warmup']} untimed warm-up run(s) each and a read of the file into the page cache; "
        f"each round at a larger size starts with a Kaoping run on the smallest, for the scaling goal",
        "- median s: wall clock (process start to exit, Python start and imports included for the peers); "
        "MB/s: cases file bytes / median; peak RSS: the largest `Maximum resident set size` of "
        "`/usr/bin/time -v` over the runs; CPU %: its median `Percent of CPU`; kaoping/peer: ratio of medians "
        "(below 1.0, Kaoping is faster)",
        "- libcsv-c (1 core): `bench/libcsv_floor.c`, the single-threaded libcsv floor of issue 6: reads the cases "
        "file in 256 KiB chunks into libcsv (strict mode, as Kaoping) and counts raw records per `unit_code` "
        "(no casts, rules or duplicates; not in the check). Issue 6 asks for kaoping ≤ 1.3 × (floor / cores), "
        "spelled out under the table",
        "",
    ]
    lines += table(results, markdown=True)
    lines += ["", "Check (Kaoping's per-unit `cases_total` against DuckDB's and Polars'; the libcsv floor's record count beside Kaoping's rows read):", ""]
    for r in results:
        lines.append(f"{human_count(r.cases)} cases:")
        lines.append("")
        lines.append("```")
        lines.extend(r.check)
        lines.append("```")
        lines.append("")
    lines += ["Issue 6's goals, as measured here:", ""] + goals(results)
    return "\n".join(lines)


TEMPLATE = """# Benchmarks

`make bench` times `kaoping run` on one large cases file against the same per-unit
aggregation in DuckDB and Polars, and against the single-threaded libcsv floor (a plain C
program driving libcsv on one core, `bench/libcsv_floor.c`) (issue 6). It builds Kaoping
(release), compiles the floor (`cc -O2 ... -lcsv` into `.bench/`), makes a venv under
`.bench/venv` with `duckdb` and `polars` from PyPI (`bench/requirements.txt`), generates the data
folders once (cached under `.bench/data/`, git-ignored; about 1.3 GB for 10M cases), runs every
tool A/B interleaved, prints the table and the check, and rewrites the generated parts of
this file (between the `bench:` markers; the rest is kept).

```sh
make bench                                         # 1M and 10M cases, 3 runs each
make bench BENCH_SIZES=100000 BENCH_DOC=           # a quick run that leaves this file alone
make bench BENCH_RUNS=5 BENCH_SIZES="1000000"      # more runs, one size
```

Variables: `BENCH_SIZES` (cases per data folder, default `1000000 10000000`), `BENCH_RUNS`
(timed runs per tool and size, default 3), `BENCH_WARMUP` (untimed runs first, default 1),
`BENCH_SEED` (7), `BENCH_PERIOD` (2022H1), `BENCH_PROFILE` (1: perf stat and a perf profile of
Kaoping at the smallest size; 0: none), `BENCH_DOC` (this file; empty: don't write it).

What each tool does, on the same `cases/all-cases.csv`:

- **kaoping**: `kaoping run DIR --period 2022H1 --out .bench/out/N/kaoping --no-history --quiet`,
  the whole pipeline: every file of the folder read and checked, metrics, scores, ranking, and
  every output written (`bulletin.*`, `ranking.xlsx`, feedback sheets, …). Exit 1 ("published,
  but look") is expected: the generated district has a unit that did not submit its cases.
- **duckdb** (`bench/peer_duckdb.sql`, run by `bench/run_duckdb.py`) and **polars**
  (`bench/peer_polars.py`): read the cases file with every column as text, cast each cell as
  SPEC §3 reads it, drop the rows Kaoping rejects or skips (unknown unit via the join with the
  registry, bad dates and numbers, vocabulary, the three cross-column rules, out of period,
  repeated case_ids), roll village service rooms up into their township, and count per unit:
  distinct case_ids (`cases_total`), completed cases, and a simple calendar-day on-time count.
  The registry map (`unitmap.csv`, unit → township) is read from the generated units file by
  `bench/bench.py` before the timed runs. Both use all cores (their defaults).
- **libcsv-c (1 core)** (`bench/libcsv_floor.c`): reads the cases file in 256 KiB chunks into
  libcsv (strict mode, as Kaoping) and counts raw records per `unit_code`, nothing else: the
  floor of any single-threaded libcsv reader. Issue 6 asks for kaoping ≤ 1.3 × (floor / cores).
  It validates nothing, so it is not in the check; its record count is shown beside Kaoping's.

That is the work that dominates Kaoping on this input (parse every row, check it, group by
unit), not all of it: the peers do not score, rank, or write documents, and Kaoping also reads
the folder's six small files (about 0.4 MB; MB/s counts the cases file only). The check compares
the per-unit `cases_total` of Kaoping's `summary.json` with both peers' and prints
`MATCH`/`MISMATCH`.

## Results

<!-- bench:results:begin -->
(not measured yet: run `make bench`)
<!-- bench:results:end -->

## Where the time goes

TODO (main developer): an account of where `kaoping run` spends its time on the large file
(reading, libcsv, decoding, casting, duplicate index, metrics, writing), and what was tried
(see issue 6).

Measured by `make bench` (`BENCH_PROFILE=1`, smallest size):

<!-- bench:profile:begin -->
(not measured yet)
<!-- bench:profile:end -->
"""


def write_doc(path: Path, results_text: str, profile_text: str | None) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else TEMPLATE
    if "<!-- bench:results:begin -->" not in text:
        text = TEMPLATE

    def put(text: str, name: str, body: str) -> str:
        begin, end = f"<!-- bench:{name}:begin -->", f"<!-- bench:{name}:end -->"
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        return f"{head}{begin}\n{body.rstrip()}\n{end}{tail}"

    text = put(text, "results", results_text)
    if profile_text is not None:
        text = put(text, "profile", profile_text)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


# --------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kaoping", default=".build/release/kaoping")
    parser.add_argument("--sizes", default="1000000 10000000", help="cases per data folder, space-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--period", default="2022H1")
    parser.add_argument("--work", default=".bench", help="cache and output folder")
    parser.add_argument("--doc", default="docs/benchmarks.md", help="markdown file to update; '' for none")
    parser.add_argument("--profile", type=int, default=1, help="1: perf stat + perf profile at the smallest size")
    args = parser.parse_args()

    os.chdir(ROOT)  # kaoping finds data/schemes and data/calendar relative to here
    if not Path("/usr/bin/time").exists():
        fail("/usr/bin/time is missing (Debian: apt-get install time)")
    kaoping = str(Path(args.kaoping).resolve())
    if not os.access(kaoping, os.X_OK):
        fail(f"{kaoping} not found: build it first (make build)")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split()]
    if not sizes or args.runs < 1:
        fail("nothing to run: give --sizes and --runs ≥ 1")
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)

    floor = build_floor(work)
    info = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "versions": versions(kaoping, floor),
        "seed": args.seed, "period": args.period, "runs": args.runs, "warmup": args.warmup,
    }
    m, v = info["machine"], info["versions"]
    say(f"machine: {m['nproc']} cores, {m['cpu']}, {m['ram']}; load {m['load']}")
    say(f"kaoping {v['kaoping']}, duckdb {v['duckdb']}, polars {v['polars']}, python {v['python']}, "
        f"libcsv {v['libcsv']} ({v['cc']})")

    results: list[Result] = []
    profile_lines: list[str] | None = None
    paired_command: list[str] | None = None  # Kaoping on the smallest size, for the scaling pairs
    paired_file: Path | None = None  # its cases file, read into the page cache before each pair
    for cases in sorted(sizes):
        folder = ensure_data(kaoping, v["kaoping"], work, cases, args.seed, args.period)
        unitmap, mapping = write_unit_map(folder, work / "unitmap" / f"{cases}.csv")
        out = work / "out" / str(cases)
        logs = work / "logs" / str(cases)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(logs, ignore_errors=True)
        out.mkdir(parents=True)
        logs.mkdir(parents=True)
        size = warm(folder / CASES_FILE)
        result = Result(cases=cases, input_bytes=size, cores=cores())
        cmds = commands(kaoping, floor, folder, out, unitmap, args.period)
        say(f"\n{cases:,} cases: {CASES_FILE} {size / 1e6:,.1f} MB; "
            f"{args.warmup} warm-up + {args.runs} timed runs per tool, interleaved")
        for i in range(args.warmup):
            for tool in TOOLS:
                run = timed(tool, cmds[tool], logs, f"warmup{i + 1}-{tool}")
                say(f"  warm-up {tool:8} {run.wall:7.2f} s  {run.rss_kib / 1024:7.1f} MiB")
                if tool == "libcsv":  # a strict-mode parse error in the floor is worth a look
                    for line in (logs / f"warmup{i + 1}-{tool}.log").read_text(errors="replace").splitlines():
                        if line.startswith("libcsv_floor:"):
                            say(f"    {line}")
        for i in range(args.runs):
            if paired_command is not None:
                warm(paired_file)  # the larger file's runs may have pushed it out of the cache
                pair = timed("kaoping", paired_command, logs, f"run{i + 1}-kaoping-paired-{min(sizes)}")
                result.paired_small.append(pair)
                say(f"  run {i + 1}  kaoping on {human_count(min(sizes))} (scaling pair) {pair.wall:7.2f} s")
            for tool in TOOLS:
                run = timed(tool, cmds[tool], logs, f"run{i + 1}-{tool}")
                result.runs[tool].append(run)
                say(f"  run {i + 1}  {tool:8} {run.wall:7.2f} s  {run.rss_kib / 1024:7.1f} MiB  "
                    f"{run.cpu_percent:4d}% CPU" + (f"  exit {run.exit}" if tool == "kaoping" else ""))
        result.floor_counts = read_floor(logs / f"run{args.runs}-libcsv.log")
        check(result, out, mapping)
        for line in result.check:
            say("  " + line)
        results.append(result)
        if paired_command is None:
            paired_command = commands(kaoping, floor, folder, out / "paired", unitmap, args.period)["kaoping"]
            paired_file = folder / CASES_FILE
        if args.profile and profile_lines is None:
            say("  profiling kaoping (perf stat, perf record) ...")
            profile_lines = profile(kaoping, folder, out, args.period, logs)

    info["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    say("")
    for line in table(results, markdown=False):
        say(line)
    say("")
    for r in results:
        for line in r.check:
            if line.startswith(("MATCH", "MISMATCH", "libcsv-c floor")):
                say(f"{human_count(r.cases)}: {line}")
    for line in goals(results):
        say(line)
    if args.doc:
        argv = "make bench" + (f" BENCH_SIZES=\"{args.sizes}\"" if args.sizes != "1000000 10000000" else "") \
            + (f" BENCH_RUNS={args.runs}" if args.runs != 3 else "")
        write_doc(Path(args.doc), render_results(results, info, argv),
                  "\n".join(profile_lines) if profile_lines is not None else None)
        say(f"\nwrote {args.doc}")
    if not all(r.match for r in results):
        fail("Kaoping's cases_total differs from a peer's (see MISMATCH above)")


if __name__ == "__main__":
    main()
