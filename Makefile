# Brink — two commands for a newcomer on Debian/Ubuntu:
#   make run    build and launch the desktop app on the embedded US–Iran model
#   make test   install what the tests need (when missing), vet, test everything,
#               and smoke-test the real window under Xvfb

export PATH := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)
GO ?= go

.PHONY: run test deps vet staticcheck unit race smoke build bench fuzz

build: deps
	$(GO) build -o bin/brink ./cmd/brink
	CGO_ENABLED=0 $(GO) build -o bin/brinkctl ./cmd/brinkctl

run: build
	./bin/brink

# deps installs the system packages the build and tests need, only when
# one is missing (apt needs root or sudo; CI runs as root).
deps:
	@command -v $(GO) >/dev/null || { echo "Go 1.26 is needed: https://go.dev/dl/ (or /usr/local/go)"; exit 1; }
	@./scripts/deps.sh

vet: deps
	$(GO) vet ./...

# staticcheck is installed from the Go module proxy when missing.
STATICCHECK_VERSION = v0.8.2
staticcheck: deps
	@command -v staticcheck >/dev/null || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	staticcheck ./...

# The packages that run goroutines, under the race detector.
RACE_PKGS = ./gui/ ./gui/workspace/ ./network/uncertainty/ ./internal/atomicfile/ ./internal/modelio/
race: deps
	$(GO) test -race $(RACE_PKGS)

unit: deps
	$(GO) test ./...

smoke: build
	./scripts/smoke.sh

test: vet staticcheck unit race smoke

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./network/jtree/ ./gui/

fuzz:
	for p in bif xmlbif hugin xdsl modelfile; do $(GO) test -run '^$$' -fuzz FuzzRead -fuzztime 5m ./network/$$p/ || exit 1; done
