"""What every API response shares: JSON, errors as JSON, CORS, caching validators."""

import json
from functools import wraps

from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.csrf import csrf_exempt

from .params import ApiError, language

MAX_AGE = 60
SAFE_METHODS = ("GET", "HEAD")


def json_response(payload, status=200, last_modified=None):
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
        content_type="application/json",
        status=status,
    )
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def error_response(status, message, parameter=None):
    error = {"status": status, "message": message}
    if parameter is not None:
        error["parameter"] = parameter
    return json_response({"error": error}, status=status)


def api_view(view):
    """A read-only JSON endpoint: ``lang`` picks the language, errors come back as JSON,
    any origin may read it, and an unchanged response is a 304."""

    # Nothing here changes state, so a POST needs no CSRF check: it gets a JSON 405, not an HTML 403.
    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in SAFE_METHODS:
            response = error_response(405, f"{request.method} is not allowed: this API is read-only.")
            response["Allow"] = "GET, HEAD, OPTIONS"
        else:
            response = respond(view, request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
        return response

    return wrapper


def respond(view, request, *args, **kwargs):
    try:
        code = language(request)
        with translation.override(code):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = code
    except ApiError as error:
        return error_response(error.status, error.message, error.parameter)
    if response.status_code != 200:
        return response
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    # The ETag is a digest of the bytes, so it changes with anything in the body; the
    # Last-Modified the view set serves clients that only send If-Modified-Since.
    set_response_etag(response)
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(response.get("Last-Modified")),
        response=response,
    )
