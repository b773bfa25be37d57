# Thin wrapper over meson/ninja and npm. The two commands of the README:
#   make run    set up, build, create the demo district (once), serve on :8080
#   make test   set up, build with ASan+UBSan, run unit, API and browser tests;
#               it also builds the release binary of make run (optimised
#               builds warn about things -O0 does not see, and -Werror makes
#               a warning a broken make run)
.PHONY: all deps build build-asan web run test bench fmt clean

BUILD      ?= build
ASAN_BUILD ?= build-asan
DATA_DIR   ?= var
LISTEN     ?= 127.0.0.1:8080

all: build web

deps: .deps-stamp
.deps-stamp: scripts/deps.sh package.json package-lock.json
	scripts/deps.sh
	@touch $@

$(BUILD)/build.ninja: | deps
	meson setup $(BUILD) --buildtype=release

$(ASAN_BUILD)/build.ninja: | deps
	meson setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

build-asan: $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)

web: deps
	npm run --silent build:web

run: build web
	@# init every time: it is idempotent, and it brings a database made by an
	@# older build up to date (migrations, and reference data such as the
	@# working-day calendar); the demo district only goes into a new one.
	@if [ ! -f $(DATA_DIR)/zhifa.db ]; then \
	  $(BUILD)/zhifa init --data-dir $(DATA_DIR) && $(BUILD)/zhifa demo --data-dir $(DATA_DIR); \
	else \
	  $(BUILD)/zhifa init --data-dir $(DATA_DIR) >/dev/null; \
	fi
	@echo "演示账号（密码 zhifa2026）：admin 系统管理员、zhangwei 执法人员、sunli 乡镇执法人员、wugang 市级监督 …（见 docs/demo.md）"
	@echo "打开 http://$(LISTEN)/"
	$(BUILD)/zhifa serve --data-dir $(DATA_DIR) --listen $(LISTEN)

test: build build-asan web
	scripts/test.sh $(ASAN_BUILD)

bench: build
	scripts/deps.sh --bench
	bench/run.sh $(BUILD)
	bench/import_enterprises.sh $(BUILD)

fmt:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) web/dist .deps-stamp
