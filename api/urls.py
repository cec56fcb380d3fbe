from django.urls import path, re_path

from . import views

app_name = "api"
urlpatterns = [
    path("", views.index, name="index"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("sections/", views.section_list, name="section_list"),
    path("tags/", views.tag_list, name="tag_list"),
    path("most-read/", views.most_read, name="most_read"),
    path("openapi.json", views.openapi, name="openapi"),
    # Anything else under /api/v1/ is a JSON 404, not the site's HTML page.
    re_path(r"^.*$", views.not_found),
]
