# Two commands for a fresh Debian/Ubuntu machine with Rust: `make run` and `make test`.
# Both install only what is missing, so they are quick the second time.

SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# What building the app needs (Tauri 2 on WebKitGTK 4.1).
BUILD_PACKAGES := build-essential pkg-config file libssl-dev libgtk-3-dev \
	libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev librsvg2-dev \
	libayatana-appindicator3-dev libxdo-dev
# What the end-to-end tests add: a virtual display, WebKit's WebDriver, a private D-Bus
# session with a real notification server, a window manager to close windows with,
# another program to read the clipboard with, a secret store for the sync password, and
# openssl to make a certificate no one vouches for.
TEST_PACKAGES := xvfb webkit2gtk-driver dbus dunst x11-utils xdotool imagemagick \
	wmctrl matchbox-window-manager desktop-file-utils xclip gnome-keyring openssl

# Independent readers the end-to-end tests check Rapport's exports with, the CalDAV/
# CardDAV server and client the sync tests run against, and a reader of .rpm packages
# (Debian has no rpm to ask), in a virtualenv.
VENV := target/venv
PYTHON_TOOLS := icalendar==7.3.0 vobject==0.9.9 radicale==3.9.0 caldav==3.6.0 rpmfile==2.2.1

CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
TAURI_DRIVER_VERSION := 2.1.0

.PHONY: run test bench bundle package-debug deps test-deps node build lint fmt fuzz

run: deps
	cargo run

# The .deb of the debug build comes first: the Tauri CLI builds the app with its own
# features, and the tests that follow rebuild the binary they drive.
test: test-deps lint $(VENV)/.ready package-debug
	cargo test

# Installable packages, made offline by the Tauri CLI pinned in package.json.
bundle: deps node
	npx --no-install tauri build --bundles deb,rpm
	@ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm

# The packages of the debug build, for the package tests (it reuses the compiled
# dependencies).
package-debug: deps node
	npx --no-install tauri build --debug --bundles deb,rpm

# Node and npm only for the Tauri CLI; then the CLI at the exact version package.json pins
# (no lock file: npm writes one without the other platforms' builds of the CLI, which
# `npm ci` then refuses).
node:
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	@[ node_modules/.installed -nt package.json ] || { \
		npm install --no-package-lock --no-audit --no-fund && touch node_modules/.installed; }

# Debian's own python3 makes a virtualenv only with python3-venv installed.
$(VENV)/.ready: Makefile
	python3 -m venv $(VENV) || { rm -rf $(VENV) && $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv && \
		python3 -m venv $(VENV); }
	$(VENV)/bin/pip install --quiet --disable-pip-version-check $(PYTHON_TOOLS)
	touch $@

# The readers of outside files under coverage-guided fuzzing (nightly, cargo-fuzz), ten
# minutes each by default: `make fuzz FUZZ_SECONDS=60` for a quick look.
FUZZ_SECONDS := 600
fuzz: deps
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd fuzz && for target in csv_reader vcard_reader; do \
		cargo +nightly fuzz run $$target -O -- -max_total_time=$(FUZZ_SECONDS) -max_len=65536 || exit 1; \
	done

# Speed figures (printed with their budgets, never asserted): the contact log at 20,000
# people, then everything that must stay flat on a generated 50,000-person log, then that
# log's contact list scrolled in the real window. Last, start-up, memory and idle CPU of
# the packaged app against a hello-world Tauri window built the same way (STARTUP_RUNS,
# STARTUP_IDLE_SECONDS; STARTUP_COMPARE=path runs another build in the same rounds;
# about 25 minutes).
BENCH_LOG := target/bench/log-50k
bench: test-deps bundle
	@[ -f $(BENCH_LOG)/rapport.db ] || cargo bench --bench generate -- $(BENCH_LOG)
	cargo bench --bench contact_log
	cargo bench --bench large_log
	cargo bench --bench list_scroll
	cargo build --release -p hello-tauri
	cargo bench --bench startup

build: deps
	cargo build

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings

fmt:
	cargo fmt --all

# apt-get only when a package is missing; `sudo` only when not already root.
define apt_install
	@missing=$$(for p in $(1); do \
		dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null | grep -q 'install ok installed' || echo "$$p"; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call apt_install,$(BUILD_PACKAGES))

test-deps: deps
	$(call apt_install,$(TEST_PACKAGES))
	@if ! "$(CARGO_BIN)/tauri-driver" --help >/dev/null 2>&1 && ! command -v tauri-driver >/dev/null; then \
		cargo install tauri-driver --locked --version $(TAURI_DRIVER_VERSION); \
	fi
