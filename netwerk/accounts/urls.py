from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/finish/<str:token>/", views.signup_finish, name="signup_finish"),
    path("address/confirm/<str:token>/", views.confirm_address, name="confirm_address"),
    path("address/send-link/", views.send_address_confirmation, name="send_address_confirmation"),
    path("settings/", views.settings_view, name="settings"),
]
