# The README's two commands: `make study` (main job) and `make test` (all tests). Both install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.synthstudy-installed

.PHONY: study test install browser export-check nbtest pytest readme clean-nbs bench

# The main job: every arm of the quick study on mnist5k (3 seeds), then its report website.
study: $(STAMP)
	$(BIN)/synthstudy run --config quick --out runs/mnist5k-quick
	$(BIN)/synthstudy report runs/mnist5k-quick --out runs/mnist5k-quick/site

test: $(STAMP) browser export-check nbtest pytest

# Headless Chromium for the report website test (Debian's package).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

# Create the virtual environment and install synthstudy with its dev extras; redone when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -e ".[dev]"
	@# albumentations pulls in opencv-python-headless, which shares the cv2 package with the contrib build: make sure
	@# the contrib modules (xfeatures2d: FREAK) are the ones installed.
	$(BIN)/python -c "import cv2; cv2.xfeatures2d" 2>/dev/null || \
	  $(BIN)/python -m pip install --force-reinstall --no-deps \
	    "opencv-contrib-python-headless==$$($(BIN)/python -c 'import importlib.metadata as m; print(m.version("opencv-contrib-python-headless"))')"
	$(BIN)/python -c "import cv2; cv2.xfeatures2d"
	touch $(STAMP)

install: $(STAMP)

# The package must be exactly what the notebooks export.
export-check: $(STAMP)
	@before=$$(find synthstudy -name '*.py' | sort | xargs sha1sum | sha1sum); \
	$(BIN)/nbdev-export; \
	after=$$(find synthstudy -name '*.py' | sort | xargs sha1sum | sha1sum); \
	if [ "$$before" != "$$after" ]; then echo "nbdev-export changed synthstudy/: export the notebooks and commit the result"; exit 1; fi; \
	echo "export in sync"

nbtest: $(STAMP)
	MPLBACKEND=Agg $(BIN)/nbdev-test --n-workers 2

pytest: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest -q tests

# README.md from nbs/index.ipynb, executed (nbdev-readme needs Quarto; this does not).
readme: $(STAMP)
	PYTHONWARNINGS="ignore:IProgress not found" $(BIN)/jupyter nbconvert --to markdown --execute --RegexRemovePreprocessor.patterns='["^#\\|\\s*hide"]' \
	  nbs/index.ipynb --output-dir . --output README
	@# the notebook links images and notebooks from nbs/ (where nbdev-docs renders it); the README sits one level up
	sed -i -E 's#\]\((images/|[0-9][0-9][a-z]?_[^)]*\.ipynb)#](nbs/\1#g; s#\]\(\.\./#](#g' README.md

clean-nbs: $(STAMP)
	$(BIN)/nbdev-clean

# Performance figures of each issue's targets, printed (not timed tests).
bench: $(STAMP)
	$(BIN)/python benchmarks/load_folder.py
	$(BIN)/python benchmarks/classifier.py
	$(BIN)/python benchmarks/bow.py
	$(BIN)/python benchmarks/generators.py
	$(BIN)/python benchmarks/conditional_vs_per_class.py
	$(BIN)/python benchmarks/study.py
	$(BIN)/python benchmarks/colour.py # the quick study on drawn colour photos, the tuning gain after its recipe
	$(BIN)/python benchmarks/sizes.py # every quick arm on a 100 px tree
	$(BIN)/python benchmarks/stacked.py # several classifiers as one grouped network: the floor per model
	$(BIN)/python benchmarks/device.py
	$(BIN)/python benchmarks/cli_startup.py
	$(BIN)/python benchmarks/floor.py # the steps of the run `make study` wrote, if there is one
