from django.urls import path

from newsroom.pagecache import INDEX, cached_pages

from . import feeds, sitemaps, views

app_name = "website"
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

# What each page shows, for the page cache: the versions (besides ``site``) whose change
# retires it, filled from the route's arguments. website/caching.py says which changes bump
# which version. Pages not named here (the short story address, previews) are never stored.
cached_pages(
    app_name,
    {
        "home": [INDEX],
        "detail": ["story:{pk}"],
        "rss": [INDEX],
        "atom": [INDEX],
        "section": ["section:{slug}"],
        "section_rss": ["section:{slug}"],
        "section_atom": ["section:{slug}"],
        "tag": ["tag:{slug}"],
        "tag_rss": ["tag:{slug}"],
        "tag_atom": ["tag:{slug}"],
        "author": ["author:{slug}"],
        "search": [INDEX],
        "archive": [INDEX],
        "archive_year": [INDEX],
        "archive_month": [INDEX],
        "archive_day": [INDEX],
    },
)

# Outside the language prefixes: crawlers and partners get one address each, whatever
# language they ask for (newsroom/urls.py includes these without a namespace).
crawler_patterns = [
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.index, name="sitemap_index"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap, name="sitemap_section"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news_sitemap"),
]
cached_pages(
    None,
    {"robots_txt": [], "sitemap_index": [INDEX], "sitemap_section": [INDEX], "news_sitemap": [INDEX]},
)
