from django.http import HttpResponsePermanentRedirect

from .models import Article, LegacyUrl


class LegacyUrlRedirectMiddleware:
    """Old addresses of imported stories redirect (301) to the stories, like contrib.redirects' fallback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        legacy = LegacyUrl.objects.filter(path__in={request.path, request.path_info}).values_list("article_id", flat=True).first()
        if legacy is None:
            return response
        article = Article.objects.published().filter(pk=legacy).first()
        return HttpResponsePermanentRedirect(article.get_absolute_url()) if article else response
