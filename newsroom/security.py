"""The admin's content policy, the login throttle's backend, and addresses holding NUL.

Public pages get ``SECURE_CSP`` from Django's ``ContentSecurityPolicyMiddleware``. The admin
needs a little more (``ADMIN_CSP``): django-prose-editor loads its modules through an inline
``<script type="importmap">``, which the admin's templates mark with the request's nonce.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.exceptions import BadRequest
from django.middleware.csp import get_nonce
from django.utils.csp import CSP, build_policy


def is_admin(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and "admin" in match.namespaces


class AdminContentSecurityPolicyMiddleware:
    """Gives admin pages ``ADMIN_CSP``; everything else keeps ``SECURE_CSP``.

    Goes after ``ContentSecurityPolicyMiddleware``, which leaves a policy header it finds alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_admin(request) and CSP.HEADER_ENFORCE not in response:
            response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(settings.ADMIN_CSP, get_nonce(request))
        return response


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come with a request.

    Axes refuses to authenticate without a request; code that holds none (the test client's
    ``login()``, a shell) is not a login form anyone can guess passwords at, so it is left to
    the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class RefuseNulCharactersMiddleware:
    """Answers 400 to an address whose path or query string holds a NUL character.

    No page has one in its address, and PostgreSQL refuses to compare text holding one: without
    this, looking up ``/section/a%00b/`` is a server error rather than a bad request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the address")
        return self.get_response(request)
