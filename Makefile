# qbook: build the compiler, then the shipped bank.  GNU make.
#
#   make          install missing Debian packages, build qbook, build out/ from content/
#   make test     the same for test tools, then every test (plain and ASan+UBSan)
#
# Objects live under out/build (out/build-asan for the sanitizer build), so the
# source tree only ever receives files under out/.

PROG		= qbook
BUILDDIR	?= out/build
PKG_CONFIG	?= pkg-config

CFLAGS		?= -O2 -g
STD		 = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN		 = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
		   -Wwrite-strings -Wvla -Wformat=2 -Wundef
ifeq ($(WERROR),1)
WARN		+= -Werror
endif
SANFLAGS	?=
# V=1 shows the compiler command lines.
Q		= $(if $(filter 1,$(V)),,@)

# Debian packages: what the compiler links against, and what the tests use.
BUILD_PKGS	= pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev \
		  libhpdf-dev libyaml-dev libfontconfig-dev fonts-dejavu-core fonts-dejavu-extra \
		  libhyphen-dev hyphen-en-us libunibreak-dev libutf8proc-dev libqpdf-dev \
		  libharfbuzz-dev
TEST_PKGS	= libcmocka-dev valgrind chromium qpdf poppler-utils
# make bench: the cmark-gfm command line (the lower bound) and GNU time.
BENCH_PKGS	= cmark-gfm time
# Commands the tests need, with the package that provides each; a command
# already on PATH (from any source) is not installed again.
TEST_CMDS	= node:nodejs npm:npm java:default-jre-headless

PC_MODULES	= libcmark-gfm libxml-2.0 yaml-0.1 fontconfig libutf8proc libunibreak libqpdf \
		  harfbuzz-subset
DEPS_CFLAGS	= $(shell $(PKG_CONFIG) --cflags $(PC_MODULES) 2>/dev/null)
DEPS_LIBS	= $(shell $(PKG_CONFIG) --libs $(PC_MODULES) 2>/dev/null) -lhpdf -lhyphen -lm

ALL_CPPFLAGS	 = -Igenerator $(CPPFLAGS)
ALL_CFLAGS	 = $(STD) $(WARN) $(DEPS_CFLAGS) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS	 = $(SANFLAGS) $(LDFLAGS)

LIB_SRCS	 = generator/mem.c generator/buf.c generator/diag.c generator/fsx.c \
		   generator/utf8.c generator/meta.c generator/md.c generator/load.c \
		   generator/model.c generator/index.c \
		   generator/view.c generator/tmpl.c generator/out.c generator/site.c \
		   generator/fonts.c generator/hyph.c generator/brk.c generator/pdf.c \
		   generator/typeset.c generator/layout.c generator/guide.c generator/pack.c \
		   generator/subset.c
MAIN_SRCS	 = generator/main.c
UNIT_SRCS	 = $(sort $(wildcard tests/unit/test_*.c))

LIB		 = $(BUILDDIR)/libqbook.a
LIB_OBJS	 = $(LIB_SRCS:%.c=$(BUILDDIR)/obj/%.o)
MAIN_OBJS	 = $(MAIN_SRCS:%.c=$(BUILDDIR)/obj/%.o)
UNIT_BINS	 = $(UNIT_SRCS:%.c=$(BUILDDIR)/%)
BIN		 = $(BUILDDIR)/$(PROG)

.PHONY: all build site deps test-deps test test-plain test-asan unit golden bench clean FORCE

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

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJS:.o=.d)

$(BUILDDIR)/tests/unit/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(DEPS_LIBS) -lcmocka

# --- the shipped bank -------------------------------------------------------
site: build
	$(BIN) build -C content -o out

# --- tests --------------------------------------------------------------------
# Every suite prints its own counts; tests/summary.sh adds them up into the
# closing "N passed, N failed" line.
test: test-deps
	@rm -f out/test-results.txt
	@$(MAKE) --no-print-directory test-plain WERROR=1 || \
		echo "build-or-runner 0 1" >>out/test-results.txt
	@$(MAKE) --no-print-directory test-plain WERROR=1 BUILDDIR=out/build-asan \
		SANFLAGS='-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
		SUITE_TAG=asan CFLAGS='-O1 -g' || \
		echo "build-or-runner-asan 0 1" >>out/test-results.txt
	@sh tests/summary.sh out/test-results.txt

test-plain: $(BIN) $(UNIT_BINS)
	@sh tests/run.sh $(BIN) $(BUILDDIR) "$(SUITE_TAG)" $(UNIT_BINS)

# Benchmarks print figures; they never fail on a number.  BENCH_SIZES picks
# the bank sizes (default 1000 2000 10000), RUNS the runs per median.
bench: test-deps
	$(call install_pkgs,$(BENCH_PKGS))
	@$(MAKE) --no-print-directory $(BIN)
	@sh tests/bench/run.sh $(BIN) $(BENCH_SIZES)

clean:
	rm -rf out/build out/build-asan
