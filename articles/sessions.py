"""A story form posted after the login expired, or after signing in again in another tab, keeps its text.

Both would lose the form: an expired session is sent to the login page, and a rotated CSRF token
gets a 403 page. Instead the post (never its files) is kept on the server under a random token for
a day; the person signs in (or goes straight back, if already signed in) to the form with the
token in its address, and the compose screen puts the text back (admin_history.safety_context).

MIDDLEWARE: "articles.sessions.KeepFormOnExpiredSessionMiddleware", after AuthenticationMiddleware.
CSRF_FAILURE_VIEW = "articles.sessions.csrf_failure".
"""

import secrets
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.views.csrf import csrf_failure as django_csrf_failure

RECOVER_PARAMETER = "_recover"
KEPT_FOR = 24 * 3600
# The posted form's bookkeeping, not the story.
NOT_KEPT = ("csrfmiddlewaretoken",)
EXPIRED, ROTATED = "expired", "rotated"


def _key(token):
    return f"kept-form:{token}"


def is_story_form(request):
    """A POST to the story's add or change page in the admin."""
    if request.method != "POST":
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.namespace == "admin" and match.url_name in ("articles_article_add", "articles_article_change")


def keep_form(request, reason):
    """Keep the posted fields; answers the token that gets them back."""
    token = secrets.token_urlsafe(24)
    data = {name: values if len(values) > 1 else values[0]
            for name, values in request.POST.lists() if name not in NOT_KEPT}
    cache.set(_key(token), {"data": data, "path": request.path, "reason": reason}, KEPT_FOR)
    return token


def take_kept_form(token, path):
    """The form kept under ``token`` for the page at ``path``, once; None when there is none."""
    if not token:
        return None
    kept = cache.get(_key(token))
    if not kept or kept["path"] != path:
        return None
    cache.delete(_key(token))
    return kept


def back_to_form(request, token):
    """The form's own address with the token: through the login page when signed out."""
    form_address = f"{request.path}?{urlencode({RECOVER_PARAMETER: token})}"
    if request.user.is_authenticated and request.user.is_staff:
        return HttpResponseRedirect(form_address)
    return HttpResponseRedirect(f"{reverse('admin:login')}?{urlencode({'next': form_address})}")


def same_origin(request):
    origin = request.headers.get("Origin") or request.headers.get("Referer") or ""
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin.startswith(own + "/")


class KeepFormOnExpiredSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        # The admin would answer a signed-out post with the login page, and the text would be gone.
        if is_story_form(request) and not (request.user.is_authenticated and request.user.is_staff):
            return back_to_form(request, keep_form(request, EXPIRED))
        return None


def csrf_failure(request, reason=""):
    """After signing in again elsewhere the form's security token is an old one: keep the text."""
    # Only a post from the admin's own pages: a forged one from another site still gets the 403.
    if is_story_form(request) and same_origin(request):
        signed_in = request.user.is_authenticated and request.user.is_staff
        return back_to_form(request, keep_form(request, ROTATED if signed_in else EXPIRED))
    return django_csrf_failure(request, reason)
