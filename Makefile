# Brink — two commands for a newcomer on Debian/Ubuntu:
#   make run    build and launch the app on the embedded default model
#   make test   install what the tests need (when missing), vet and test everything

export PATH := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)
GO ?= go

.PHONY: run test deps vet bench fuzz build

build:
	$(GO) build -o bin/brinkctl ./cmd/brinkctl

# Until the desktop app lands, run shows the default model's beliefs in the
# terminal.
run: build
	./bin/brinkctl query models/asia.toml --scenario smoker_with_dyspnoea

# deps installs the system packages the build and tests need, only when one
# is missing (apt needs root; CI runs as root).
deps:
	@command -v $(GO) >/dev/null || { echo "Go 1.26 is needed: https://go.dev/dl/ (or /usr/local/go)"; exit 1; }

vet: deps
	$(GO) vet ./...

test: deps vet
	$(GO) test ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./network/jtree/

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzRead -fuzztime 5m ./network/bif/
