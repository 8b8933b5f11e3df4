from django.urls import path

from . import views, views_favours

app_name = "asks"

urlpatterns = [
    path("", views.ask_list, name="list"),
    path("new/", views.ask_create, name="create"),
    path("pick/", views.pick, name="pick"),
    path("people/", views_favours.people, name="people"),
    path("<int:pk>/", views.ask_detail, name="detail"),
    path("<int:pk>/edit/", views.ask_edit, name="edit"),
    path("<int:pk>/people/", views.person_add, name="person_add"),
    path("<int:pk>/close/", views.ask_close, name="close"),
    path("<int:pk>/delete/", views.ask_delete, name="delete"),
    path("answers/<int:pk>/", views.person_outcome, name="outcome"),
    path("answers/<int:pk>/remove/", views.person_remove, name="person_remove"),
    path("favours/", views_favours.favour_list, name="favours"),
    path("favours/new/", views_favours.favour_create, name="favour_create"),
    path("favours/<int:pk>/delete/", views_favours.favour_delete, name="favour_delete"),
    path("favours/delete/", views_favours.favour_delete_chosen, name="favour_delete_chosen"),
]
