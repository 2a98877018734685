from django.urls import path

from . import views

urlpatterns = [
    path("", views.question, name="question"),
    path("<slug:slug>/", views.situation, name="situation"),
]
