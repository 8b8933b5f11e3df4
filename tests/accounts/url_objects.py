PUBLIC_URLS = {
    "login",
    "logout",
    "health",
    "switch_language",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "password_reset_confirm",
    "accounts:signup",
}

KWARG_URLS = {
    "password_reset_confirm": lambda owner: {"uidb64": "MQ", "token": "set-password"},
}
