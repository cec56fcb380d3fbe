from django.conf import settings


def site(request):
    # No database here: the 404 and 500 pages render with this context too.
    return {"site_name": settings.NEWSROOM["SITE_NAME"]}
