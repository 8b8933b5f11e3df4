from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone, translation

from netwerk.accounts.models import Profile


class MemberPreferencesMiddleware:
    """Activate the signed-in member's own language and time zone for the request.

    Runs after authentication; anonymous visitors keep the language LocaleMiddleware
    chose (cookie, then the browser's Accept-Language) and the site's time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            prefs = Profile.objects.filter(user_id=user.pk).values("language", "time_zone").first()
            if prefs:
                translation.activate(prefs["language"])
                request.LANGUAGE_CODE = prefs["language"]
                try:
                    timezone.activate(ZoneInfo(prefs["time_zone"]))
                except (ZoneInfoNotFoundError, ValueError):
                    timezone.deactivate()
        response = self.get_response(request)
        timezone.deactivate()
        return response
