# Kaoping — everything a fresh Debian machine needs is behind `make run` and `make test`.
SWIFT      ?= swift
CONFIG     ?= release
DATA       ?= data/sample/2022H1
REPORTS    ?= reports
BIN         = .build/$(CONFIG)/kaoping
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps doc-deps time-dep build run test check-documents check-mangled bench fuzz clean sample

# libcsv ships no pkg-config file; its header is the one reliable sign that it is installed.
# libsqlite3-dev is what GRDB (the run history, reports/history.sqlite) links against.
deps:
	@if [ ! -f /usr/include/csv.h ] || [ ! -f /usr/include/sqlite3.h ]; then \
		echo "libcsv-dev or libsqlite3-dev missing: installing them with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libcsv-dev libsqlite3-dev; \
	fi

# bulletin.pdf is printed by headless Chromium; fonts-noto-cjk gives it free CJK fonts and
# poppler-utils (pdftotext) lets the tests read the PDF back. Best effort: without them
# everything but the PDF is still written.
doc-deps:
	@if ! command -v chromium >/dev/null 2>&1 || [ ! -d /usr/share/fonts/opentype/noto ] || ! command -v pdftotext >/dev/null 2>&1; then \
		echo "installing chromium, fonts-noto-cjk and poppler-utils with apt-get (for bulletin.pdf)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null \
		|| echo "warning: could not install chromium/fonts-noto-cjk/poppler-utils; bulletin.pdf will not be printed"; \
	fi

# GNU time (/usr/bin/time) measures peak memory for `make bench` and `make check-mangled`.
time-dep:
	@[ -x /usr/bin/time ] || { echo "installing time (/usr/bin/time) with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq time; }

build: deps
	$(SWIFT) build -c $(CONFIG)

PERIOD     ?= 2022H1
PDF_FLAG    = $(shell command -v chromium >/dev/null 2>&1 && echo --pdf)

# Scores the sample into $(REPORTS)/$(PERIOD)/: result files, bulletin, feedback sheets,
# ranking.xlsx, bulletin.docx and (with Chromium) bulletin.pdf; prints the top of each ranking.
run: build doc-deps
	@# Exit 1 means "published, but look": the sample has a unit that did not submit (未报送).
	$(BIN) run $(DATA) --period $(PERIOD) --out $(REPORTS) $(PDF_FLAG) || [ $$? -eq 1 ]

# The sample is committed; this regenerates it (deterministic for the seed).
sample: build
	rm -rf $(DATA)
	$(BIN) generate $(DATA) --departments 30 --townships 11 --villages 12 --cases 4000 --seed 2022

# Issue 6's benchmark, never a timed unit test: `kaoping run` against the same per-unit
# aggregation in DuckDB and Polars (bench/peer_duckdb.sql, bench/peer_polars.py; pip-installed
# into a venv under .bench/) on generated single-file cases folders (cached under .bench/data/),
# A/B interleaved, page cache warm; prints median time, MB/s, peak RSS (/usr/bin/time -v) and
# kaoping/peer, checks Kaoping's per-unit cases_total against both peers, and updates
# docs/benchmarks.md. A quick run that leaves the doc alone: make bench BENCH_SIZES=100000 BENCH_DOC=
BENCH_SIZES   ?= 1000000 10000000
BENCH_RUNS    ?= 3
BENCH_WARMUP  ?= 1
BENCH_SEED    ?= 7
BENCH_PERIOD  ?= 2022H1
BENCH_PROFILE ?= 1
BENCH_DOC     ?= docs/benchmarks.md
BENCH_VENV     = .bench/venv
bench: build time-dep
	@[ -x $(BENCH_VENV)/bin/python ] || python3 -m venv $(BENCH_VENV)
	@cmp -s bench/requirements.txt $(BENCH_VENV)/requirements.txt || { \
		$(BENCH_VENV)/bin/pip install -q -r bench/requirements.txt && cp bench/requirements.txt $(BENCH_VENV)/requirements.txt; }
	$(BENCH_VENV)/bin/python bench/bench.py --kaoping $(BIN) --sizes "$(BENCH_SIZES)" --runs $(BENCH_RUNS) \
		--warmup $(BENCH_WARMUP) --seed $(BENCH_SEED) --period $(BENCH_PERIOD) --profile $(BENCH_PROFILE) --doc "$(BENCH_DOC)"

# libFuzzer targets (Sources/kaoping-fuzz), built with the fuzzer and address sanitizers in a
# build folder of their own. Each target runs FUZZ_SECONDS, seeded with the test fixtures; its
# corpus grows under .fuzz/<target>/ (git-ignored) and a finding is written there as crash-…
# (`kaoping-fuzz <target> <file>` from a normal build replays one).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= reader-differential ingest values header scheme
FUZZ_BUILD    = .build-fuzz
fuzz: deps
	@# SwiftPM hands swiftc -sanitize=fuzzer and -sanitize=address as two flags, in no set order,
	@# and the later one replaces the earlier: with address last, no Swift code had coverage. The
	@# combined flag, last, always gives both.
	SWIFT_BACKTRACE=enable=no $(SWIFT) build -c debug --sanitize fuzzer --sanitize address --product kaoping-fuzz \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING --build-path $(FUZZ_BUILD)
	@# No leak checks for `scheme`, not even at exit: TOMLKit 0.6.0 leaks its parse error (233
	@# bytes per refused scheme) and every `TOMLTable.keys` (its C copy of the keys; a loaded
	@# scheme leaks a few KiB, once per run). On `ingest` only the per-input leak scan is off: it
	@# took 7/8 of the time (threads and caches make every input look like one that allocated).
	@for target in $(FUZZ_TARGETS); do \
		case $$target in scheme) extra=-detect_leaks=0; asan=detect_leaks=0;; ingest) extra=-detect_leaks=0; asan=;; *) extra=; asan=;; esac; \
		mkdir -p .fuzz/$$target/corpus; \
		echo "fuzzing $$target for $(FUZZ_SECONDS) s"; \
		( cd .fuzz/$$target && SWIFT_BACKTRACE=enable=no KAOPING_FUZZ_TARGET=$$target ASAN_OPTIONS=$$asan \
			../../$(FUZZ_BUILD)/debug/kaoping-fuzz corpus ../../Tests/KaopingCoreTests/Fixtures ../../data/schemes \
			-max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 $$extra \
			> fuzz.log 2>&1 ); status=$$?; \
		grep -E "INITED|DONE|stat::|ERROR|SUMMARY|written to" .fuzz/$$target/fuzz.log; \
		[ $$status -eq 0 ] || { echo "$$target: finding above (log: .fuzz/$$target/fuzz.log)"; exit 1; }; \
		! grep -q "instrumented for coverage" .fuzz/$$target/fuzz.log || \
			{ echo "$$target ran without coverage (is the Swift code built with -sanitize=fuzzer?)"; exit 1; }; \
	done

test: deps doc-deps
	$(SWIFT) test
	$(MAKE) check-documents check-mangled

# Issue 7's corpus of mangled exports (truncated, bit-flipped, mixed encodings, 10 MB fields,
# 100k columns, NUL bytes, binary, unterminated quotes…), each put into a copy of the sample:
# `kaoping run` must exit 0 or 1 with a located error, never a signal or a hang, under 200 MB
# (peak RSS by /usr/bin/time). Tests/check_mangled.py says what each case expects.
check-mangled: time-dep
	python3 Tests/check_mangled.py .build/debug/kaoping $(DATA) .build/check-mangled

# Reads the published documents back the way their readers do: openpyxl and python-docx (pip,
# in a venv under .build/), pdftotext for the PDF; every number checked against ranking.csv.
CHECK_VENV  = .build/check-venv
check-documents:
	@[ -x $(CHECK_VENV)/bin/python ] || python3 -m venv $(CHECK_VENV)
	@$(CHECK_VENV)/bin/python -c "import openpyxl, docx" 2>/dev/null || $(CHECK_VENV)/bin/pip install -q openpyxl python-docx
	rm -rf .build/check-reports
	.build/debug/kaoping run $(DATA) --period $(PERIOD) --out .build/check-reports $(PDF_FLAG) --quiet 2>/dev/null || [ $$? -eq 1 ]
	$(CHECK_VENV)/bin/python Tests/check_documents.py .build/check-reports/$(PERIOD) $(PDF_FLAG)

clean:
	rm -rf .build
