# The two commands of the README. Each one sets up everything it needs first.
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test setup browser-setup clean

demo: export DJANGO_DEBUG = 1
demo: setup
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_demo --url http://$(HOST):$(PORT)/
	$(PY) manage.py runserver $(HOST):$(PORT)

test: export SECRET_KEY = test-only-secret-key-not-for-production
test: setup browser-setup
	$(PY) manage.py collectstatic --no-input -v 0
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

setup:
	@scripts/bootstrap.sh

browser-setup:
	@scripts/bootstrap.sh --browser

clean:
	rm -rf .venv var staticfiles
