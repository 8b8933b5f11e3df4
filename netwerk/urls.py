from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import restore_views, views
from .accounts import views as account_views
from .accounts.password_reset import PasswordResetForm

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("health/", views.health, name="health"),
    path("language/", views.switch_language, name="switch_language"),
    path("login/", account_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(form_class=PasswordResetForm), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("account/restore/", restore_views.restore_upload, name="restore_account"),
    path("account/restore/confirm/", restore_views.restore_confirm, name="restore_account_confirm"),
    path("account/", include("netwerk.accounts.urls")),
    path("contacts/", include("contacts.urls")),
    path("invitations/", include("invitations.urls")),
    path("asks/", include("asks.urls")),
    path("review/", include("reviews.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "netwerk.views.server_error"
