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
    "accounts:signup_sent",
    "accounts:signup_finish",
    "accounts:confirm_address",
}

KWARG_URLS = {
    "accounts:signup_finish": lambda owner: {"token": "not-a-signed-link"},
    "accounts:confirm_address": lambda owner: {"token": "not-a-signed-link"},
    "password_reset_confirm": lambda owner: {"uidb64": "MQ", "token": "set-password"},
}
