"""View helpers with no domain, for every app.

A view with an object key looks the object up through its owner first and checks the
method after, so another member's key is a 404 whatever the method (nobody learns from a
405 that the key exists):

    @login_required
    @owned_object_view
    def thing_delete(request, pk):
        thing = get_object_or_404(Thing.objects.owned_by(request.user), pk=pk)
        require_method(request, "POST")
        ...
"""

from functools import wraps

from django.http import HttpRequest, HttpResponseNotAllowed


class MethodNotAllowed(Exception):
    """The object exists and is the member's, but the request used another method."""

    def __init__(self, allowed: str):
        super().__init__(allowed)
        self.allowed = allowed


def require_method(request: HttpRequest, method: str) -> None:
    """Raise `MethodNotAllowed` unless the request used `method` (call after the lookup)."""
    if request.method != method:
        raise MethodNotAllowed(method)


def owned_object_view(view):
    """Answer `MethodNotAllowed` raised inside `view` with a 405 naming the allowed method."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except MethodNotAllowed as refusal:
            return HttpResponseNotAllowed([refusal.allowed])

    return wrapper
