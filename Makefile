# SensingGym: every target installs what it needs first (libzmq from Debian, Python packages from PyPI into .venv).
#   make demo     the main job: a short PPO run on the default scenario, evaluated next to the baselines
#   make test     all tests (Swift and Python)
#   make bench    throughput figures
#   make results  regenerate Results/ (long)
#   make soak     64 clients for 10 minutes with injected faults → Results/reliability.md (not part of make test)
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

VENV := $(CURDIR)/.venv
PYTHON := $(VENV)/bin/python
export PATH := $(VENV)/bin:$(PATH)
export SENSING_GYM_PYTHON := $(PYTHON)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := .build/release/sensing-gym
PY_PACKAGES := numpy pyzmq gymnasium pytest scikit-learn matplotlib moviepy stable-baselines3
# A second, small venv with CleanRL's pinned Gymnasium, where the client's compatibility tests run too.
VENV029 := $(CURDIR)/.venv-gym029
GYM029_PACKAGES := gymnasium==0.29.1 'numpy<2' pyzmq pytest matplotlib

.PHONY: demo test python-tests bench results soak deps system-deps python-deps build clean

# A short PPO training run on the default scenario, then its evaluation next to the four baselines.
demo: build
	rm -rf runs/demo
	$(BIN) train --env BeamSelection-v1 --scenario wrf-office-16x15 --algo ppo --total-steps 1000000 --num-envs 8 --seed 1 --learning-rate 3e-3 --out runs/demo
	$(BIN) evaluate --checkpoint runs/demo/agent.sgnn --episodes 200 --baselines

test: deps
	swift build --build-tests
	swift test --disable-swift-testing 2>&1 | tee .build/swift-test.log
	$(MAKE) --no-print-directory python-tests
	bash scripts/test-summary.sh .build/swift-test.log .build/pytest.log .build/pytest-gym029.log

# The whole client suite under Gymnasium 1.x, then its compatibility tests under Gymnasium 0.29.1.
python-tests: build
	SENSINGGYM_BIN=$(CURDIR)/$(BIN) $(PYTHON) -m pytest -q Clients/python/tests 2>&1 | tee .build/pytest.log
	SENSINGGYM_BIN=$(CURDIR)/$(BIN) $(VENV029)/bin/python -m pytest -q Clients/python/tests/test_compat.py 2>&1 \
		| tee .build/pytest-gym029.log

# Environment throughput, training throughput (PPO 64-64 and GRU-64, both matrix backends), heap allocations per step
# and per training iteration, then the bridge (Python client vs a bare pyzmq echo, vector steps, SB3 over the bridge).
bench: build
	$(BIN) bench
	$(BIN) bench --train --gemm both
	bash Benchmarks/allocations.sh
	SCENARIO=indoor-factory-ris bash Benchmarks/allocations.sh RISConfiguration-v1
	bash Benchmarks/training-allocations.sh
	bash Results/bridge.sh

# Soak run: 64 clients, 10 minutes, kill -9 of clients, malformed and oversized messages, non-reading peers.
soak: build
	PYTHONPATH=$(CURDIR)/Clients/python/src $(PYTHON) Benchmarks/soak.py $(BIN) --clients 64 --seconds $${SOAK_SECONDS:-600} --rate 25 \
		--json Results/reliability.json --markdown Results/reliability.md

results: build
	bash Results/make-results.sh

build: deps
	swift build -c release --product sensing-gym

deps: system-deps python-deps

# libzmq3-dev, libopenblas-dev and pkg-config from Debian, only when pkg-config cannot find libzmq or openblas.
system-deps:
	if ! pkg-config --exists libzmq 2>/dev/null; then
		echo "installing libzmq3-dev and pkg-config from Debian's packages"
		$(SUDO) apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libzmq3-dev pkg-config
	fi
	pkg-config --modversion libzmq
	if ! pkg-config --exists openblas 2>/dev/null; then
		echo "installing libopenblas-dev and pkg-config from Debian's packages"
		$(SUDO) apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libopenblas-dev pkg-config
	fi
	pkg-config --modversion openblas

# Python packages from PyPI, in a virtual environment of the project's own.
python-deps: $(VENV)/.installed $(VENV029)/.installed

$(VENV)/.installed: Makefile
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q $(PY_PACKAGES)
	if [ -f Clients/python/pyproject.toml ]; then $(PYTHON) -m pip install -q -e 'Clients/python[test]'; fi
	touch $@

$(VENV029)/.installed: Makefile
	python3 -m venv $(VENV029)
	$(VENV029)/bin/python -m pip install -q --upgrade pip
	$(VENV029)/bin/python -m pip install -q $(GYM029_PACKAGES)
	$(VENV029)/bin/python -m pip install -q --no-deps -e Clients/python
	touch $@

clean:
	rm -rf .build $(VENV) $(VENV029)
