"""The ceiling for any Python web app on this machine: stored bytes from a bare WSGI callable.

``bench/run.py`` serves the very article page Newsroom rendered (read from the file named by
``BENCH_CEILING_BODY``) under the same gunicorn settings and load, and prints every figure
as a share of this one.
"""

import os

with open(os.environ["BENCH_CEILING_BODY"], "rb") as page:
    BODY = page.read()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
