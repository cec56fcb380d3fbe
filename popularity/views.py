import base64

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article

from . import counter, visitors

# A transparent 1×1 GIF for readers without JavaScript.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def count_view(request, article_id):
    """Count one view if it is a reader's; returns the status code to answer with."""
    if not (article_id.isascii() and article_id.isdigit()) or len(article_id) > 18:
        return 400
    if visitors.is_robot(request) or visitors.is_staff(request):
        return 204
    story = Article.objects.published().filter(pk=int(article_id)).values_list("pk", "section_id").first()
    if story is None:
        return 404
    if visitors.is_flooding(request):
        return 429
    if visitors.is_first_view(request, story[0]):
        counter.record_view(story[0], section_id=story[1])
    return 204


# The beacon carries no session and no form token: at most it adds one view to a story
# readers can already see, once per visitor per window.
@csrf_exempt
@require_POST
@never_cache
def beacon(request):
    status = count_view(request, request.POST.get("article", ""))
    if status == 400:
        return HttpResponseBadRequest("article must be a story number")
    if status == 404:
        return HttpResponseNotFound("no such public story")
    return HttpResponse(status=status)


@require_GET
@never_cache
def pixel(request, article_id):
    count_view(request, str(article_id))
    return HttpResponse(PIXEL, content_type="image/gif")
