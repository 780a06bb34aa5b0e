# The two commands: `make demo` (embedded default, demo data, server on 127.0.0.1:$(PORT)) and `make test`.
# Needs only Python 3.11+ and make: uv is installed with pip when it is missing.

PYTHON ?= python3
PORT ?= 8000
PYTEST_ARGS ?=
APPS := accounts holdings accessions appraisal readingroom staff
LANGS := kk ru

# uv from PATH, else the copy pip installed as a module. Recursive (=) on purpose: it is evaluated
# again after the `uv` target has installed it.
UV = $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
VENV_PY := .venv/bin/python
MANAGE := $(VENV_PY) manage.py

.PHONY: help uv venv demo serve test lint messages translations bench clean

help:
	@echo "make demo      install, migrate, compile translations, seed demo data, serve on 127.0.0.1:$(PORT)"
	@echo "make test      install and run the whole test suite (PYTEST_ARGS=... to pass options)"
	@echo "make lint      ruff check"
	@echo "make bench     run the benchmarks in bench/ (results in bench/RESULTS.md)"
	@echo "make messages  extract translatable strings into the kk and ru catalogues (needs GNU gettext)"

uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || { \
	  echo "uv not found: installing it with pip"; \
	  $(PYTHON) -m pip install --user --quiet uv \
	  || $(PYTHON) -m pip install --user --quiet --break-system-packages uv; \
	}

# `uv sync` is a no-op when the environment already matches the lock file.
venv: uv
	@$(UV) sync --frozen --quiet

translations: venv
	@$(MANAGE) compile_translations

demo: translations
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

serve: venv
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: translations
	$(VENV_PY) -m pytest $(PYTEST_ARGS)

lint: venv
	.venv/bin/ruff check .

bench: venv
	$(VENV_PY) -m bench

# Project-level strings (templates/ and archive_site/) go to locale/; each app with a locale/
# folder gets its own catalogue, extracted from inside the app (with django-admin, not
# `python -m`, so that an app module such as accounts/selectors.py cannot shadow the stdlib).
messages: venv
	$(VENV_PY) -m django makemessages --settings=archive_site.settings --pythonpath=. \
	  $(foreach l,$(LANGS),-l $(l)) --add-location=file \
	  $(foreach d,$(APPS) tests bench .venv media staticfiles,--ignore=$(d))
	@for app in $(APPS); do \
	  if [ -d $$app/locale ]; then \
	    echo "== $$app"; \
	    (cd $$app && PYTHONPATH=.. DJANGO_SETTINGS_MODULE=archive_site.settings \
	      ../.venv/bin/django-admin makemessages $(foreach l,$(LANGS),-l $(l)) --add-location=file) || exit 1; \
	  fi; \
	done

clean:
	find . -path ./.venv -prune -o -name __pycache__ -type d -exec rm -rf {} +
	rm -rf staticfiles tests/e2e/screenshots
