import base64

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import beacon as beacons
from . import visitors

# A transparent 1×1 GIF for readers without JavaScript.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


# The beacon carries no session and no form token: at most it adds one view to a story
# readers can already see, once per visitor per window. Readers' beacons are usually
# answered before Django runs (``beacon.BeaconApp``), with the same answers as here.
@csrf_exempt
@require_POST
@never_cache
def beacon(request):
    status = beacons.answer(
        request.META, request.POST.get("article", ""), request.POST.get("visitor", ""), staff=visitors.is_staff(request)
    )
    if status == 400:
        return HttpResponseBadRequest(beacons.MESSAGES[400])
    if status == 404:
        return HttpResponseNotFound(beacons.MESSAGES[404])
    return HttpResponse(status=status)


@require_GET
@never_cache
def pixel(request, article_id):
    beacons.answer(request.META, str(article_id), staff=visitors.is_staff(request))
    return HttpResponse(PIXEL, content_type="image/gif")
