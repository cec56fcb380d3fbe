from django.urls import path

from . import views

app_name = "popularity"
urlpatterns = [
    path("views/", views.beacon, name="beacon"),
    path("views/<int:article_id>.gif", views.pixel, name="pixel"),
]
