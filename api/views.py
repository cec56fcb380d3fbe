"""The read-only content API, ``/api/v1/``. Views only read parameters and shape responses:
queries are in ``queries.py``, representations in ``representations.py``."""

from django.core.paginator import EmptyPage, Paginator
from django.db.models import prefetch_related_objects
from django.urls import reverse

from popularity import counter
from taxonomy.models import Section

from . import openapi as openapi_document
from . import params, queries, representations
from .http import api_view, json_response
from .params import ApiError

MOST_READ_DEFAULT, MOST_READ_MAX = 10, 50


def paginate(request, items, represent):
    """The page ``page`` of ``items``: (its objects, the envelope with count, next, previous, results)."""
    paginator = Paginator(items, params.page_size(request))
    number = params.page(request)
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise ApiError(404, f"page {number} is past the last page ({paginator.num_pages}).", "page") from None

    def link(page_number):
        query = request.GET.copy()
        query["page"] = page_number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return page.object_list, {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [represent(item, request) for item in page.object_list],
    }


def latest_change(stories):
    return max((story.last_changed for story in stories), default=None)


@api_view
def index(request):
    names = ["article_list", "section_list", "tag_list", "most_read", "openapi"]
    return json_response({name: request.build_absolute_uri(reverse(f"api:{name}")) for name in names})


@api_view
def article_list(request):
    stories, payload = paginate(request, queries.articles(request), representations.article_summary)
    return json_response(payload, last_modified=latest_change(stories))


@api_view
def article_detail(request, pk):
    story = queries.article(pk)
    return json_response(representations.article_detail(story, request), last_modified=latest_change([story]))


@api_view
def section_list(request):
    return json_response({"results": representations.section_tree(list(Section.objects.all()), request)})


@api_view
def tag_list(request):
    _tags, payload = paginate(request, queries.public_tags(), representations.tag)
    return json_response(payload)


@api_view
def most_read(request):
    window = request.GET.get("window", "day")
    if window not in counter.WINDOWS:
        raise ApiError(400, f"window must be one of {', '.join(counter.WINDOWS)}.", "window")
    limit = params.positive_int(request, "limit", MOST_READ_DEFAULT, maximum=MOST_READ_MAX)
    stories = counter.most_read(limit=limit, window=window, section=queries.section_named(request))
    prefetch_related_objects(stories, "authors", "tags", "photo")
    results = [{**representations.article_summary(story, request), "views": story.recent_views} for story in stories]
    return json_response({"window": window, "results": results})


@api_view
def openapi(request):
    return json_response(openapi_document.document(request))


@api_view
def not_found(request):
    raise ApiError(404, f"There is no endpoint at {request.path}; see {reverse('api:openapi')}.")
