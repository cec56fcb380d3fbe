from django.urls import path

from . import views

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("news/<int:pk>/", views.article_detail, name="detail_short"),
    path("news/<int:pk>/<str:slug>/", views.article_detail, name="detail"),
    path("preview/<str:token>/", views.preview, name="preview"),
    # Section, tag and author slugs are Arabic: <slug:> only matches ASCII.
    path("section/<str:slug>/", views.SectionArticleList.as_view(), name="section"),
    path("tag/<str:slug>/", views.TagArticleList.as_view(), name="tag"),
    path("author/<str:slug>/", views.AuthorArticleList.as_view(), name="author"),
]
