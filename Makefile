# Kaoping — everything a fresh Debian machine needs is behind `make run` and `make test`.
SWIFT      ?= swift
CONFIG     ?= release
DATA       ?= data/sample/2022H1
REPORTS    ?= reports
BIN         = .build/$(CONFIG)/kaoping
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps doc-deps build run test check-documents bench clean sample
BENCH_DIR  ?= /tmp/kaoping-bench
BENCH_CASES ?= 8000000

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

# Speed and memory goals live here, never in a timed unit test: a ~1 GB single cases file,
# read under /usr/bin/time -v (watch "Maximum resident set size" and "Elapsed").
bench: build
	@if [ ! -f $(BENCH_DIR)/.complete-$(BENCH_CASES) ]; then \
		rm -rf $(BENCH_DIR) && $(BIN) generate $(BENCH_DIR) --cases $(BENCH_CASES) --single-cases-file --seed 7 \
		&& touch $(BENCH_DIR)/.complete-$(BENCH_CASES); fi
	@du -sh $(BENCH_DIR)
	/usr/bin/time -v $(BIN) validate $(BENCH_DIR) --period 2022H1 --max-errors 3 --rejects $(BENCH_DIR)-rejects.csv 2>&1 \
		| grep -E "^(total|合计)|Maximum resident|Elapsed|Percent of CPU|error:" | head -20
	/usr/bin/time -v $(BIN) run $(BENCH_DIR) --period 2022H1 --out $(BENCH_DIR)-reports 2>&1 \
		| grep -E "个文件|Maximum resident|Elapsed|Percent of CPU|error:" | head -20

test: deps doc-deps
	$(SWIFT) test
	$(MAKE) check-documents

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
