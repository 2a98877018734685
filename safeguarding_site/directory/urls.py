from django.urls import path

from . import views

urlpatterns = [
    path("", views.directory, name="index"),
    path("<slug:slug>/", views.service_detail, name="service"),
]
