from django.urls import path

from . import views

urlpatterns = [
    path("", views.directory, name="index"),
    # Each filter value as an address of its own: the mirror can hold it as a file.
    path("for/<slug:slug>/", views.situation_directory, name="situation"),
    path("<slug:slug>/", views.service_detail, name="service"),
]
