# Kaoping — everything a fresh Debian machine needs is behind `make run` and `make test`.
SWIFT      ?= swift
CONFIG     ?= release
DATA       ?= data/sample/2022H1
REPORTS    ?= reports
BIN         = .build/$(CONFIG)/kaoping
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run test bench clean sample

# libcsv ships no pkg-config file; its header is the one reliable sign that it is installed.
deps:
	@if [ ! -f /usr/include/csv.h ]; then \
		echo "libcsv-dev missing: installing it with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libcsv-dev; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG)

run: build
	@mkdir -p $(REPORTS)
	$(BIN) validate $(DATA) --rejects $(REPORTS)/rejects.csv

test: deps
	$(SWIFT) test

clean:
	rm -rf .build
