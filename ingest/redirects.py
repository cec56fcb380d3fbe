import logging

from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect

from articles.models import Article, LegacyUrl

logger = logging.getLogger(__name__)


class LegacyUrlRedirectMiddleware:
    """Old addresses of imported stories redirect (301) to the stories, like contrib.redirects' fallback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        try:
            legacy = (
                LegacyUrl.objects.filter(path__in={request.path, request.path_info})
                .values_list("article_id", flat=True)
                .first()
            )
            article = Article.objects.published().filter(pk=legacy).first() if legacy is not None else None
        except DatabaseError:
            # With the database down a missing page is still a plain 404, not a 500.
            logger.warning("Old addresses could not be looked up for %s", request.path, exc_info=True)
            return response
        return HttpResponsePermanentRedirect(article.get_absolute_url()) if article else response
