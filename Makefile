# Brink — two commands for a newcomer on Debian/Ubuntu:
#   make run    build and launch the desktop app on the embedded US–Iran model
#   make test   install what the tests need (when missing), vet, test everything,
#               and smoke-test the real window under Xvfb

export PATH := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)
GO ?= go

.PHONY: run test deps vet staticcheck unit race smoke build bench fuzz wasm webdeps web-test package

build: deps wasm
	$(GO) build -o bin/brink ./cmd/brink
	CGO_ENABLED=0 $(GO) build -o bin/brinkctl ./cmd/brinkctl

# wasm builds the shared web page's engine (cmd/brinkweb for the browser)
# and copies Go's loader beside it, into the directory internal/sharepage
# embeds; brinkctl share and File → Share as Web Page need both. Go's
# build cache makes it quick when nothing changed.
WASM_DIR = internal/sharepage/wasm
wasm:
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(WASM_DIR)/brink.wasm.tmp ./cmd/brinkweb
	@cmp -s $(WASM_DIR)/brink.wasm.tmp $(WASM_DIR)/brink.wasm && rm $(WASM_DIR)/brink.wasm.tmp || mv $(WASM_DIR)/brink.wasm.tmp $(WASM_DIR)/brink.wasm
	@cmp -s "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" $(WASM_DIR)/wasm_exec.js || cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" $(WASM_DIR)/wasm_exec.js

run: build
	./bin/brink

# deps installs the system packages the build and tests need, only when
# one is missing (apt needs root or sudo; CI runs as root).
deps:
	@command -v $(GO) >/dev/null || { echo "Go 1.26 is needed: https://go.dev/dl/ (or /usr/local/go)"; exit 1; }
	@./scripts/deps.sh

vet: deps wasm
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./cmd/brinkweb

# staticcheck is installed from the Go module proxy when missing.
STATICCHECK_VERSION = v0.8.2
staticcheck: deps wasm
	@command -v staticcheck >/dev/null || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	staticcheck ./...

# The packages that run goroutines, under the race detector.
RACE_PKGS = ./gui/ ./gui/workspace/ ./network/uncertainty/ ./internal/atomicfile/ ./internal/modelio/
race: deps wasm
	$(GO) test -race $(RACE_PKGS)

unit: deps wasm
	$(GO) test ./...

smoke: build
	./scripts/smoke.sh

test: vet staticcheck unit race smoke web-test

# webdeps installs Debian's chromium and the pinned playwright-core
# (web/test/package-lock.json) when missing.
webdeps:
	@./scripts/webdeps.sh

# web-test opens the flagship's shared page in headless Chromium from a
# file:// URL with the network off, clicks, applies a scenario, compares
# the page's numbers with brinkctl query --json's, takes a screenshot and
# checks that no request left the page; and the same for a hostile model.
web-test: build webdeps
	./scripts/webtest.sh

# package builds the Linux desktop package with Fyne's packaging tool
# (fyne.io/tools, installed from the Go module proxy when missing):
# dist/Brink.tar.xz holds the binary, the .desktop entry and the icon, and
# a Makefile that installs them into ~/.local (make user-install) or
# /usr/local (sudo make install). The tool reads FyneApp.toml beside the
# main package and counts its build number up there, so it gets a copy.
FYNE_TOOLS_VERSION = v1.7.4
package: deps wasm
	@command -v fyne >/dev/null || $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION)
	cp FyneApp.toml cmd/brink/FyneApp.toml
	cd cmd/brink && fyne package -os linux --release; s=$$?; rm -f FyneApp.toml; exit $$s
	mkdir -p dist && mv cmd/brink/Brink.tar.xz dist/
	@echo "dist/Brink.tar.xz: to install, tar -xJf dist/Brink.tar.xz -C /tmp && make -C /tmp/brink user-install"

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./network/jtree/ ./gui/

fuzz:
	for p in bif xmlbif hugin xdsl modelfile; do $(GO) test -run '^$$' -fuzz FuzzRead -fuzztime 5m ./network/$$p/ || exit 1; done
