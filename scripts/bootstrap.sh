#!/usr/bin/env bash
# Sets up everything the project needs on a fresh machine, idempotently:
# a Python >= 3.12 virtualenv in .venv with the pinned dependencies, and
# (with --browser) Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

find_python() {
    local candidates=(python3.13 python3.12 python3)
    if command -v pyenv >/dev/null 2>&1; then
        local root; root=$(pyenv root)
        for v in "$root"/versions/3.1[2-9]*; do
            [ -x "$v/bin/python3" ] && candidates+=("$v/bin/python3")
        done
    fi
    for c in "${candidates[@]}"; do
        if "$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
            command -v "$c" || echo "$c"
            return 0
        fi
    done
    return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    if ! py=$(find_python); then
        echo "bootstrap: Django 6.1 needs Python 3.12 or newer and none was found" >&2
        echo "bootstrap: tried python3.13, python3.12, python3 and pyenv's versions; install one (e.g. 'pyenv install 3.12')" >&2
        exit 1
    fi
    echo "bootstrap: creating .venv with $py" >&2
    rm -rf .venv
    "$py" -m venv .venv
fi

stamp=.venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
    echo "bootstrap: installing pinned dependencies" >&2
    mkdir -p var
    if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e ".[test]"; } \
        >var/pip-install.log 2>&1; then
        tail -n 30 var/pip-install.log >&2
        echo "bootstrap: installing the dependencies failed; the whole log is in var/pip-install.log" >&2
        exit 1
    fi
    rm -f .venv/.installed-*
    touch "$stamp"
fi

if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "bootstrap: installing Debian's chromium for the browser tests" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "bootstrap: browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium'" >&2
        exit 1
    fi
fi

# The browser tests check every page with axe-core and the Nu HTML checker, both pinned in
# package-lock.json and run offline: axe-core inside Chromium, the checker's jar on Java.
if [ "$want_browser" = 1 ]; then
    for tool in node npm java; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "bootstrap: the accessibility and validity tests need '$tool' (Node.js 18+ with npm, Java 11+)" >&2
            echo "bootstrap: on Debian: apt-get install nodejs npm default-jre-headless" >&2
            exit 1
        fi
    done
    npm_stamp=node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)
    if [ ! -f "$npm_stamp" ]; then
        echo "bootstrap: installing axe-core and the Nu HTML checker from package-lock.json" >&2
        mkdir -p var
        # --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime;
        # the machine's Java runs the jar.
        if ! npm ci --no-audit --no-fund --ignore-scripts >var/npm-install.log 2>&1; then
            tail -n 30 var/npm-install.log >&2
            echo "bootstrap: 'npm ci' failed; the whole log is in var/npm-install.log" >&2
            exit 1
        fi
        touch "$npm_stamp"
    fi
fi

# Interface translations are compiled here rather than committed.
if [ -d locale ] && command -v msgfmt >/dev/null 2>&1; then
    .venv/bin/python manage.py compilemessages --ignore=.venv -v 0 >/dev/null
fi
