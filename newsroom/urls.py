from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.static import serve

from website.urls import crawler_patterns

# Arabic lives at the root; French and English under /fr/ and /en/.
urlpatterns = i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("website.urls")),
    prefix_default_language=False,
)

urlpatterns += [
    path("popularity/", include("popularity.urls")),
    path("", include((crawler_patterns, None))),
    path("api/v1/", include("api.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        # Uploads never change under their name (a new file gets a new one; renditions carry a
        # fingerprint), so browsers may keep them a year.
        re_path(
            rf"^{media_prefix}(?P<path>.*)$",
            cache_control(public=True, max_age=365 * 24 * 3600)(serve),
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]

admin.site.site_header = settings.NEWSROOM["SITE_NAME"]
admin.site.site_title = settings.NEWSROOM["SITE_NAME"]
admin.site.site_url = "/"
