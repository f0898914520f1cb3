# Kaoping — everything a fresh Debian machine needs is behind `make run` and `make test`.
SWIFT      ?= swift
CONFIG     ?= release
DATA       ?= data/sample/2022H1
REPORTS    ?= reports
BIN         = .build/$(CONFIG)/kaoping
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run test bench clean sample
BENCH_DIR  ?= /tmp/kaoping-bench
BENCH_CASES ?= 8000000

# libcsv ships no pkg-config file; its header is the one reliable sign that it is installed.
deps:
	@if [ ! -f /usr/include/csv.h ]; then \
		echo "libcsv-dev missing: installing it with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libcsv-dev; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG)

PERIOD     ?= 2022H1

# Scores the sample into $(REPORTS)/$(PERIOD)/ and prints the top of each category's ranking.
run: build
	$(BIN) run $(DATA) --period $(PERIOD) --out $(REPORTS)

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

test: deps
	$(SWIFT) test

clean:
	rm -rf .build
