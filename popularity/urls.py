from django.urls import path

from . import views

app_name = "popularity"
urlpatterns = [
    path("views/", views.beacon, name="beacon"),
]
