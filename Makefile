# Suivi — the two commands of the quick start, and a few more.
#
#   make run    install dependencies, build, run the main job
#   make test   install dependencies, build with -Werror, run every test
#
# Build folders: build/ (tests and run), build-asan/, build-tsan/,
# build-release/ (benchmarks).

BUILD      ?= build
WERROR     ?= ON
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)

.PHONY: run test deps configure build bench test-asan test-tsan clean

deps:
	deploy/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD) -G Ninja -DSUIVI_WERROR=$(WERROR) \
	  -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DSUIVI_SANITIZE="$(SANITIZE)"

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# The server on its embedded store, with the development PKI and the demo
# territories. Ctrl-C stops it cleanly.
run: build
	$(BUILD)/services/server/suivid --dev --data_dir var/demo/donnees \
	  --key_dir var/demo/cles --pki_dir var/demo/pki

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-asan:
	$(MAKE) test BUILD=build-asan SANITIZE="address;undefined"

test-tsan:
	$(MAKE) test BUILD=build-tsan SANITIZE=thread

bench:
	$(MAKE) build BUILD=build-release BUILD_TYPE=Release
	build-release/bench/suivi-bench-crypto
	build-release/bench/suivi-bench-store
	build-release/bench/suivi-bench-server
	build-release/bench/suivi-bench-policy

clean:
	rm -rf build build-asan build-tsan build-release var/demo
