# The two commands of the quick start:
#   make run   installs everything, migrates, loads demo data and starts the portal on http://127.0.0.1:5000
#   make test  installs everything (Chromium included) and runs the whole test suite
# Set TEST_DATABASE_URL=postgresql://127.0.0.1:5432/test to run the suite on PostgreSQL.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .make-stamps
export FLASK_APP := wsgi

.PHONY: run test test-only lint bench setup setup-dev assets chromium db demo clean

run: setup assets db demo
	SESSION_COOKIE_SECURE=false $(BIN)/flask --app wsgi run --host 127.0.0.1 --port 5000

test: setup-dev assets chromium test-only

# In parallel (pytest-xdist), one worker per logical core unless TEST_WORKERS says otherwise (TEST_WORKERS=0: serially);
# TEST_MARKERS="not browser" (a pytest -m expression) runs part of the suite.
test-only:
	$(BIN)/python -m pytest -n $(or $(TEST_WORKERS),logical) --dist loadgroup --durations=20 $(if $(TEST_MARKERS),-m "$(TEST_MARKERS)")

# Ruff's checks and mypy's types over the portal (settings in pyproject.toml); the formatter is not run here.
lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Builds the 30- and 3,000-setting data sets when missing, in databases of their own on the PostgreSQL at
# BENCH_DATABASE_URL (default postgresql://127.0.0.1:5432/postgres) when one answers, else SQLite files under
# /tmp/portal-bench (BENCH_DATABASE_URL=sqlite to choose them); BENCH=--quick for a short check.
bench: setup-dev
	$(BIN)/python -m benchmarks.run $(BENCH)

setup: $(STAMPS)/python
setup-dev: $(STAMPS)/python-dev

# Installs the locks, whose every package (transitive ones too) is pinned with the hashes of its
# files: pip refuses anything not in the lock or not matching. The portal itself is not installed:
# it runs from the checkout (flask, gunicorn and pytest put the current folder on the path).
# pip is the one the venv comes with, from Python itself: upgrading it from PyPI would install the
# one package without a hash. The stamps make a changed lock install again.
$(STAMPS)/python: requirements.txt
	@mkdir -p $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(STAMPS)/python-dev: $(STAMPS)/python requirements-dev.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

# Re-makes the locks from pyproject.toml's lists with pip-tools (in a venv of its own), keeping
# every version the locks already hold: only what was added, or what a range no longer allows,
# changes. UPGRADE="--upgrade-package NAME" moves one package (and what it needs) to its newest
# release in range. The dev lock is made first; the runtime lock takes its versions from it.
# Hashes come from PyPI alone, for every file of each version.
PIP_TOOLS := pip-tools==7.6.2
LOCK_VENV := .venv-lock
PIP_COMPILE := env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock" \
	$(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras
.PHONY: lock
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/python -m pip install --quiet $(PIP_TOOLS); }
	$(PIP_COMPILE) $(UPGRADE) --extra dev --output-file requirements-dev.txt pyproject.toml
	$(PIP_COMPILE) --constraint requirements-dev.txt --output-file requirements.txt pyproject.toml

$(STAMPS)/npm: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: $(STAMPS)/npm
	npm run --silent build

# Browser tests drive Debian's Chromium, never a downloaded browser build. The tests of spoken
# summaries use espeak-ng, and the summary PDFs embed DejaVu Sans where it is installed (their pages
# are drawn to PNG with poppler's pdftoppm, to be looked at). The
# Annex A template is opened and saved again by LibreOffice Calc (headless) in its tests. The slow
# client tests start Debian's nginx (in /usr/sbin, off an ordinary user's PATH) with
# deploy/nginx/portal.conf in front of gunicorn. Every page the browser tests reach is checked by
# the W3C Nu HTML checker (npm vnu-jar), which runs on Debian's Java.
chromium:
	@{ command -v chromium && command -v espeak-ng && command -v soffice && command -v pdftoppm && command -v java && test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf && { command -v nginx || test -x /usr/sbin/nginx; }; } >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium espeak-ng fonts-dejavu-core nginx poppler-utils default-jre-headless && \
	  $$SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui; }

db: setup
	$(BIN)/flask --app wsgi db upgrade

demo: db
	$(BIN)/flask --app wsgi portal seed-demo

clean:
	rm -rf $(VENV) node_modules $(STAMPS) static/dist static/vendor
