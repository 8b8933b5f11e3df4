from django.urls import path

from . import views, views_touch
from .digest import views as digest_views

app_name = "reviews"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("contacts/<int:pk>/keep/", views.keep, name="keep"),
    path("contacts/<int:pk>/remove/", views.remove, name="remove"),
    path("contacts/<int:pk>/snooze/", views.snooze, name="snooze"),
    path("contacts/<int:pk>/review/", views.suggest, name="suggest"),
    path("contacts/<int:pk>/restore/", views.restore, name="restore"),
    path("contacts/<int:pk>/pin/", views.pin, name="pin"),
    path("contacts/<int:pk>/history/", views.contact_history, name="contact_history"),
    path("keep-in-touch/", views_touch.touch_list, name="keep_in_touch"),
    path("keep-in-touch/answer/", views_touch.touch_answer, name="touch_answer"),
    path("calendar/", views_touch.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views_touch.calendar_feed, name="calendar_feed"),
    path("archive/", views.archive, name="archive"),
    path("history/", views.history, name="history"),
    path("digest/", digest_views.preview, name="digest_preview"),
    path("digest/send/", digest_views.send, name="digest_send"),
    path("mail/<str:token>/", views.email_action, name="email_action"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
