from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article

from . import counter


# The beacon carries no session and no form token: it only ever adds one view
# to a story readers can already see.
@csrf_exempt
@require_POST
@never_cache
def beacon(request):
    article_id = request.POST.get("article", "")
    if not article_id.isdigit() or len(article_id) > 18:
        return HttpResponseBadRequest("article must be a story number")
    if not Article.objects.published().filter(pk=int(article_id)).exists():
        return HttpResponseNotFound("no such public story")
    counter.record_view(int(article_id))
    return HttpResponse(status=204)
