# qbook: build the compiler, then the shipped bank.  GNU make.
#
#   make          install missing Debian packages, build qbook, build out/ from content/
#   make test     the same for test tools, then every test (plain and ASan+UBSan)
#   make unit     build and run only the unit tests
#   make golden   only the golden cases (bad, good, cli, hostile) and tests/render
#   make check-fast  everything that needs no browser, valgrind or sanitizer
#                 build: unit, layers, fuzz corpus replay, goldens, render, content
#                 checks, in TEST_JOBS lanes (under 30 s on 2 cores).
#                 These three use the plain build without -Werror (the objects
#                 `make` builds).  QBOOK_CASES='cli/fonts*' runs only the golden
#                 and render cases matching the glob (make golden QBOOK_CASES=...);
#                 tests/run.sh documents it, QBOOK_SUITES and QBOOK_JOBS.
#   make install  PREFIX=/usr/local DESTDIR=...: the program, its themes, qbook(1),
#                 bash completion (make uninstall removes them)
#   make dist     out/qbook-VERSION.tar.gz, a reproducible source tarball
#   make fuzz     build the libFuzzer targets with clang and run each for
#                 FUZZ_SECONDS (not part of make test; see tests/fuzz/README.md)
#
# Objects live under out/build (out/build-asan for the sanitizer build), so the
# source tree only ever receives files under out/.

PROG		= qbook
BUILDDIR	?= out/build
PKG_CONFIG	?= pkg-config

CFLAGS		?= -O2 -g
STD		 = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN		 = -Werror=format -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
		   -Wwrite-strings -Wvla -Wformat=2 -Wundef
ifeq ($(WERROR),1)
WARN		+= -Werror
endif
SANFLAGS	?=
# V=1 shows the compiler command lines.
Q		= $(if $(filter 1,$(V)),,@)

# Debian packages: what the compiler links against, and what the tests use.
# The hyphen-* patterns are those of the shipped bank's language and of the
# test banks' (qbook warns about a language whose patterns are missing).
BUILD_PKGS	= pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev \
		  libhpdf-dev libyaml-dev libfontconfig-dev fonts-dejavu-core fonts-dejavu-extra \
		  libhyphen-dev hyphen-en-us hyphen-pt-br hyphen-de hyphen-fr hyphen-es \
		  hyphen-it hyphen-ru hyphen-el libunibreak-dev libutf8proc-dev zlib1g-dev \
		  libharfbuzz-dev libfreetype-dev libmicrohttpd-dev librsvg2-dev libfribidi-dev
# fonts-droid-fallback: a TrueType font with the CJK ideographs, for the
# cases that build a bank in text the default fonts lack; fonts-noto-cjk:
# CID-keyed OpenType/CFF collections, for the unit test of their subsets
# and the Chinese, Japanese and Korean test banks' guides.
# FAST_TEST_PKGS: what make unit, golden and check-fast need (cmocka;
# pdftotext, pdffonts and pgrep for the goldens).
FAST_TEST_PKGS	= libcmocka-dev poppler-utils procps fonts-droid-fallback fonts-noto-cjk
# fonts-nanum: TrueType Hangul, for the Korean test bank's guide;
# fonts-lohit-deva: Devanagari with its OpenType shaping, for the Hindi
# one; fonts-inter: OpenType/CFF, for the case that embeds CFF outlines.
TEST_PKGS	= $(FAST_TEST_PKGS) valgrind chromium qpdf mandoc curl fonts-nanum \
		  fonts-lohit-deva fonts-inter
# make bench: the cmark-gfm command line (the lower bound) and GNU time.
BENCH_PKGS	= cmark-gfm time
# Commands the tests need, with the package that provides each; a command
# already on PATH (from any source) is not installed again.
TEST_CMDS	= node:nodejs npm:npm java:default-jre-headless

PC_MODULES	= libcmark-gfm libxml-2.0 yaml-0.1 fontconfig libutf8proc libunibreak zlib \
		  harfbuzz-subset freetype2 libmicrohttpd librsvg-2.0 fribidi
DEPS_CFLAGS	= $(shell $(PKG_CONFIG) --cflags $(PC_MODULES) 2>/dev/null)
DEPS_LIBS	= $(shell $(PKG_CONFIG) --libs $(PC_MODULES) 2>/dev/null) -lhpdf -lhyphen -lm -lpthread

ALL_CPPFLAGS	 = -Igenerator $(CPPFLAGS)
ALL_CFLAGS	 = $(STD) $(WARN) $(DEPS_CFLAGS) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS	 = $(SANFLAGS) $(LDFLAGS)

LIB_SRCS	 = $(addprefix generator/base/,mem.c buf.c bmap.c diag.c fsx.c proc.c utf8.c out.c) \
		   $(addprefix generator/bank/,meta.c md.c load.c model.c index.c theme.c scaffold.c \
			image.c labels.c) \
		   $(addprefix generator/site/,view.c tmpl.c site.c) \
		   $(addprefix generator/guide/,fonts.c hyph.c brk.c bidi.c pdf.c typeset.c layout.c \
			guide.c pack.c face.c) \
		   $(addprefix generator/serve/,watch.c http.c serve.c)
MAIN_SRCS	 = generator/main.c
UNIT_SRCS	 = $(sort $(wildcard tests/unit/test_*.c))
# Fuzz targets: tests/fuzz/fuzz_NAME.c, each linked with libFuzzer (make fuzz)
# and with replay.c (make test replays tests/fuzz/corpus/NAME/).
FUZZ_TARGETS	 = load bank layout template text
FUZZ_COMMON	 = tests/fuzz/fuzzutil.c

LIB		 = $(BUILDDIR)/libqbook.a
# The default theme built into qbook (bank/builtin.h), made into C here.
BUILTIN_THEME	 = themes/default
BUILTIN_SRC	 = $(BUILDDIR)/gen/builtin.c
# And the CI files qbook init --ci writes.
BUILTIN_CI	 = docs/ci
CI_SRC		 = $(BUILDDIR)/gen/ci.c
BUILTIN_LOCALES	 = themes/locales
LOCALES_SRC	 = $(BUILDDIR)/gen/locales.c
LIB_OBJS	 = $(LIB_SRCS:%.c=$(BUILDDIR)/obj/%.o) $(BUILDDIR)/gen/builtin.o \
		   $(BUILDDIR)/gen/ci.o $(BUILDDIR)/gen/locales.o
MAIN_OBJS	 = $(MAIN_SRCS:%.c=$(BUILDDIR)/obj/%.o)
UNIT_BINS	 = $(UNIT_SRCS:%.c=$(BUILDDIR)/%)
REPLAY_BINS	 = $(FUZZ_TARGETS:%=$(BUILDDIR)/tests/fuzz/replay-%)
BIN		 = $(BUILDDIR)/$(PROG)

.PHONY: all build site deps test-deps fast-test-deps test test-plain test-asan unit golden \
	check-fast quick-tests layers install uninstall dist dist-files bench clean FORCE fuzz \
	fuzz-bins fuzz-merge

all: site

# --- Debian packages ------------------------------------------------------
# Installs only what dpkg says is missing; as non-root, prints the command.
define install_pkgs
	@missing=$$(for p in $(1); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		missing=$$(echo $$missing); \
		if [ "$$(id -u)" != 0 ]; then \
			echo "qbook needs these Debian packages: $$missing"; \
			echo "run:  sudo apt-get update && sudo apt-get install -y --no-install-recommends $$missing"; \
			exit 1; \
		fi; \
		echo "installing Debian packages: $$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
			|| { echo "apt-get install failed for: $$missing"; exit 1; }; \
	fi
endef

deps:
	$(call install_pkgs,$(BUILD_PKGS))

fast-test-deps: deps
	$(call install_pkgs,$(FAST_TEST_PKGS))

test-deps: deps
	$(call install_pkgs,$(TEST_PKGS) $(shell for c in $(TEST_CMDS); do \
		command -v $${c%%:*} >/dev/null 2>&1 || echo $${c#*:}; done))
	@$(MAKE) --no-print-directory $(NPM_STAMP)

# npm packages for the site checks (vnu-jar, axe-core, playwright-core),
# pinned by tests/browser/package-lock.json.  --ignore-scripts: vnu-jar's
# install script would download a JDK; Debian's Java runs the jar.
NPM_DIR		= out/npm
NPM_STAMP	= $(NPM_DIR)/node_modules/.qbook-stamp
$(NPM_STAMP): tests/browser/package.json tests/browser/package-lock.json
	@mkdir -p $(NPM_DIR)
	@cp tests/browser/package.json tests/browser/package-lock.json $(NPM_DIR)/
	@echo "installing npm packages for the site checks"
	@cd $(NPM_DIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

# --- the compiler -----------------------------------------------------------
build: deps
	@$(MAKE) --no-print-directory $(BIN)

$(BIN): $(MAIN_OBJS) $(LIB)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJS) $(LIB) $(DEPS_LIBS)

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(Q)$(AR) rcs $@ $(LIB_OBJS)

# Rebuild everything when the effective flags change.
FLAGS_STAMP	 = $(BUILDDIR)/flags.stamp
$(FLAGS_STAMP): FORCE
	@mkdir -p $(@D)
	@f='$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS)'; \
	if [ "$$f" != "$$(cat $@ 2>/dev/null)" ]; then echo "$$f" >$@; fi
FORCE:

$(BUILDDIR)/obj/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILTIN_SRC): generator/bank/embed.sh $(shell find $(BUILTIN_THEME) -type f 2>/dev/null)
	@mkdir -p $(@D)
	@echo "  EMBED   $(BUILTIN_THEME)"
	$(Q)sh generator/bank/embed.sh $(BUILTIN_THEME) builtin_theme >$@.tmp && mv $@.tmp $@

$(CI_SRC): generator/bank/embed.sh $(shell find $(BUILTIN_CI) -type f 2>/dev/null)
	@mkdir -p $(@D)
	@echo "  EMBED   $(BUILTIN_CI)"
	$(Q)sh generator/bank/embed.sh $(BUILTIN_CI) builtin_ci >$@.tmp && mv $@.tmp $@

$(LOCALES_SRC): generator/bank/embed.sh $(shell find $(BUILTIN_LOCALES) -type f 2>/dev/null)
	@mkdir -p $(@D)
	@echo "  EMBED   $(BUILTIN_LOCALES)"
	$(Q)sh generator/bank/embed.sh $(BUILTIN_LOCALES) builtin_locales >$@.tmp && mv $@.tmp $@

$(BUILDDIR)/gen/%.o: $(BUILDDIR)/gen/%.c $(FLAGS_STAMP)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJS:.o=.d)

$(BUILDDIR)/tests/unit/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(DEPS_LIBS) -lcmocka

$(BUILDDIR)/tests/fuzz/replay-%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_COMMON) \
    tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ tests/fuzz/fuzz_$*.c \
		tests/fuzz/replay.c $(FUZZ_COMMON) $(LIB) $(DEPS_LIBS)

# --- the shipped bank -------------------------------------------------------
site: build
	$(BIN) build -C content -o out

# --- tests --------------------------------------------------------------------
# Every suite prints its own counts; tests/summary.sh adds them up into the
# closing "N passed, N failed" line.  make test is the full gate: it clears
# any suite or case selection from the environment and runs one task at a
# time (the timing cases, killed helpers and racing builds, see no neighbours).
# The ASan run suppresses only the leak tests/lsan.supp names (libhyphen's).
test: test-deps
	@rm -f out/test-results.txt
	@$(MAKE) --no-print-directory test-plain WERROR=1 $(FULL_GATE) || \
		echo "build-or-runner 0 1" >>out/test-results.txt
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
		$(MAKE) --no-print-directory test-plain WERROR=1 BUILDDIR=out/build-asan \
		SANFLAGS='-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
		SUITE_TAG=asan CFLAGS='-O1 -g' $(FULL_GATE) || \
		echo "build-or-runner-asan 0 1" >>out/test-results.txt
	@sh tests/summary.sh out/test-results.txt

FULL_GATE	 = QBOOK_SUITES= QBOOK_CASES= QBOOK_JOBS=1

# The quick targets: the plain build without -Werror, so that they reuse the
# objects `make` builds instead of compiling everything again.  TEST_JOBS
# lanes, one more than the cores: golden cases spend part of their time
# waiting (for the helpers they stop and kill, for a racing build), and on
# 2 cores 3 lanes finish check-fast in 13-18 s where 2 take 17-20 s.
TEST_JOBS	?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
unit:
	@$(MAKE) --no-print-directory quick-tests QBOOK_SUITES=unit
golden:
	@$(MAKE) --no-print-directory quick-tests QBOOK_SUITES='golden render'
check-fast:
	@$(MAKE) --no-print-directory quick-tests QBOOK_SUITES='unit layers replay golden render content'

quick-tests: fast-test-deps
	@rm -f out/test-results.txt
	@$(MAKE) --no-print-directory test-plain QBOOK_JOBS=$(TEST_JOBS) || \
		echo "build-or-runner 0 1" >>out/test-results.txt
	@sh tests/summary.sh out/test-results.txt

# What the selected suites need built: everything when none is selected;
# a case filter runs only goldens, which need just the compiler.
ifeq ($(strip $(QBOOK_SUITES)$(QBOOK_CASES)),)
TEST_BINS	 = $(BIN) $(UNIT_BINS) $(REPLAY_BINS)
else ifneq ($(strip $(QBOOK_CASES)),)
TEST_BINS	 = $(BIN)
else
TEST_BINS	 = $(if $(filter-out unit replay,$(QBOOK_SUITES)),$(BIN)) \
		   $(if $(filter unit,$(QBOOK_SUITES)),$(UNIT_BINS)) \
		   $(if $(filter replay,$(QBOOK_SUITES)),$(REPLAY_BINS))
endif

test-plain: $(TEST_BINS)
	@QBOOK_SUITES='$(QBOOK_SUITES)' QBOOK_CASES='$(QBOOK_CASES)' QBOOK_JOBS='$(QBOOK_JOBS)' \
		sh tests/run.sh $(BIN) $(BUILDDIR) "$(SUITE_TAG)" $(UNIT_BINS)

# --- installing -------------------------------------------------------------------
# GNU conventions.  qbook finds its themes at ../share/qbook/themes from the
# directory of the program, so DATADIR stays PREFIX/share for them to be
# found; DESTDIR stages the whole tree.
PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
DATADIR		?= $(PREFIX)/share
MANDIR		?= $(DATADIR)/man
THEMES		 = default handbook
COMPLETIONS	 = $(DATADIR)/bash-completion/completions

install: build
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPLETIONS) \
		$(DESTDIR)$(DATADIR)/qbook/themes
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/qbook
	install -m 644 docs/qbook.1 $(DESTDIR)$(MANDIR)/man1/qbook.1
	install -m 644 docs/qbook.bash-completion $(DESTDIR)$(COMPLETIONS)/qbook
	for t in $(THEMES); do \
		rm -rf $(DESTDIR)$(DATADIR)/qbook/themes/$$t; \
		cp -R themes/$$t $(DESTDIR)$(DATADIR)/qbook/themes/$$t || exit 1; \
		chmod -R u=rwX,go=rX $(DESTDIR)$(DATADIR)/qbook/themes/$$t; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/qbook $(DESTDIR)$(MANDIR)/man1/qbook.1 \
		$(DESTDIR)$(COMPLETIONS)/qbook
	rm -rf $(DESTDIR)$(DATADIR)/qbook

# --- a source tarball ------------------------------------------------------------
# out/qbook-VERSION.tar.gz: the files git tracks (in an unpacked tarball,
# which is no git checkout: every file but out/), sorted, owned by 0:0, dated
# by the last commit (or SOURCE_DATE_EPOCH), gzip without a name or time, so
# the same tree gives the same bytes.  It builds with make like the clone.
VERSION		:= $(shell sed -n 's/^\#define QBOOK_VERSION[ \t]*"\(.*\)"/\1/p' generator/main.c)
DIST		 = qbook-$(VERSION)
DIST_EPOCH	 = $(or $(SOURCE_DATE_EPOCH),$(shell git log -1 --format=%ct 2>/dev/null),0)

dist-files:
	@if [ "$$(git rev-parse --show-toplevel 2>/dev/null)" = "$$(pwd -P)" ]; then \
		git ls-files; \
	else \
		find . -type f ! -path './out/*' | sed 's,^\./,,'; \
	fi | LC_ALL=C sort

dist:
	@mkdir -p out
	@$(MAKE) --no-print-directory -s dist-files | tr '\n' '\0' | \
		tar --null -T - --transform 's,^,$(DIST)/,' \
		--sort=name --owner=0 --group=0 --numeric-owner --mode='u+rw,go+r,go-w' \
		--mtime=@$(DIST_EPOCH) --format=gnu -cf - | gzip -9n >out/$(DIST).tar.gz
	@echo "out/$(DIST).tar.gz"

# The include graph of generator/ keeps its layers (make test runs it too).
layers:
	@sh tests/layers.sh

# Benchmarks print figures; they never fail on a number.  BENCH_SIZES picks
# the bank sizes (default 1000 2000 10000), RUNS the runs per median.
bench: test-deps
	$(call install_pkgs,$(BENCH_PKGS))
	@$(MAKE) --no-print-directory $(BIN)
	@sh tests/bench/run.sh $(BIN) $(BENCH_SIZES)

# --- fuzzing ----------------------------------------------------------------------
# clang's libFuzzer with ASan and UBSan; the library is compiled again with
# clang into its own directory.  Each target runs FUZZ_SECONDS on a working
# copy of its corpus in out/fuzz/corpus/NAME (the stored corpus stays small);
# crashers land in out/fuzz/artifacts/.  One fuzzer process at a time.
FUZZ_BUILDDIR	= out/build-fuzz
FUZZ_SECONDS	?= 60
FUZZ_SAN	= -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_FLAGS	= -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
FUZZ_MAXLEN_load	= 65536
FUZZ_MAXLEN_bank	= 16384
FUZZ_MAXLEN_layout	= 16384
FUZZ_MAXLEN_template	= 16384

fuzz: deps
	$(call install_pkgs,clang libclang-rt-14-dev)
	@$(MAKE) --no-print-directory fuzz-bins BUILDDIR=$(FUZZ_BUILDDIR) CC=clang \
		CFLAGS='-O1 -g' SANFLAGS='-fsanitize=fuzzer-no-link $(FUZZ_SAN)'
	@mkdir -p out/fuzz/artifacts
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p out/fuzz/corpus/$$t; \
		cp -n tests/fuzz/corpus/$$t/* out/fuzz/corpus/$$t/; \
		echo "fuzzing $$t for $(FUZZ_SECONDS) s (log: out/fuzz/$$t.log)"; \
		$(FUZZ_BUILDDIR)/tests/fuzz/fuzz-$$t out/fuzz/corpus/$$t $(FUZZ_FLAGS) \
			-max_total_time=$(FUZZ_SECONDS) -artifact_prefix=out/fuzz/artifacts/$$t- \
			-max_len=$$(case $$t in load) echo $(FUZZ_MAXLEN_load);; bank) echo $(FUZZ_MAXLEN_bank);; \
				layout) echo $(FUZZ_MAXLEN_layout);; *) echo $(FUZZ_MAXLEN_template);; esac) \
			>out/fuzz/$$t.log 2>&1 || { tail -60 out/fuzz/$$t.log; exit 1; }; \
		grep -E '^stat::number_of_executed_units' out/fuzz/$$t.log | sed "s/^/  $$t /"; \
	done

fuzz-bins: $(FUZZ_TARGETS:%=$(BUILDDIR)/tests/fuzz/fuzz-%)

$(BUILDDIR)/tests/fuzz/fuzz-%: tests/fuzz/fuzz_%.c $(FUZZ_COMMON) tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ \
		tests/fuzz/fuzz_$*.c $(FUZZ_COMMON) $(LIB) $(DEPS_LIBS)

# Fold what a fuzz run found into the stored corpus, keeping only inputs
# that reach new edges (-use_counters=0: hit counts would keep hundreds of
# near copies, and the stored corpus is replayed by every make test).  The
# crash-* files, the regression inputs, always stay:
# they go into the merge first, and libFuzzer keeps its first directory
# whole.
fuzz-merge:
	@for t in $(FUZZ_TARGETS); do \
		rm -rf out/fuzz/merged/$$t; mkdir -p out/fuzz/merged/$$t; \
		cp tests/fuzz/corpus/$$t/crash-* out/fuzz/merged/$$t/ 2>/dev/null; \
		$(FUZZ_BUILDDIR)/tests/fuzz/fuzz-$$t -merge=1 -use_counters=0 out/fuzz/merged/$$t \
			tests/fuzz/corpus/$$t out/fuzz/corpus/$$t >out/fuzz/$$t.merge.log 2>&1 \
			|| { tail -20 out/fuzz/$$t.merge.log; exit 1; }; \
		find tests/fuzz/corpus/$$t -type f ! -name 'crash-*' -delete; \
		cp -n out/fuzz/merged/$$t/* tests/fuzz/corpus/$$t/; \
		echo "$$t: $$(ls tests/fuzz/corpus/$$t | wc -l) inputs"; \
	done

clean:
	rm -rf out/build out/build-asan out/build-fuzz
