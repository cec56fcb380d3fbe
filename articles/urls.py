from django.urls import path

from . import feeds, views

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("news/<int:pk>/", views.article_detail, name="detail_short"),
    path("news/<int:pk>/<str:slug>/", views.article_detail, name="detail"),
    path("preview/<str:token>/", views.preview, name="preview"),
    path("feeds/rss/", feeds.site_rss, name="rss"),
    path("feeds/atom/", feeds.site_atom, name="atom"),
    # Section, tag and author slugs are Arabic: <slug:> only matches ASCII.
    path("section/<str:slug>/", views.SectionArticleList.as_view(), name="section"),
    path("section/<str:slug>/rss/", feeds.section_rss, name="section_rss"),
    path("section/<str:slug>/atom/", feeds.section_atom, name="section_atom"),
    path("tag/<str:slug>/", views.TagArticleList.as_view(), name="tag"),
    path("tag/<str:slug>/rss/", feeds.tag_rss, name="tag_rss"),
    path("tag/<str:slug>/atom/", feeds.tag_atom, name="tag_atom"),
    path("author/<str:slug>/", views.AuthorArticleList.as_view(), name="author"),
    path("search/", views.search, name="search"),
    path("archive/", views.ArchiveIndex.as_view(), name="archive"),
    path("archive/<int:year>/", views.YearArchive.as_view(), name="archive_year"),
    path("archive/<int:year>/<int:month>/", views.MonthArchive.as_view(), name="archive_month"),
    path("archive/<int:year>/<int:month>/<int:day>/", views.DayArchive.as_view(), name="archive_day"),
]
