"""The project's URLs plus the baseline page the bench scripts measure against."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from contacts.models import Contact
from netwerk.urls import handler500, urlpatterns as project_urlpatterns  # noqa: F401


@login_required
def baseline(request):
    """A minimal signed-in page: the base layout and exactly one query of its own."""
    count = Contact.objects.filter(owner=request.user).exists()
    return render(request, "bench/baseline.html", {"anything": count})


urlpatterns = [path("bench/baseline/", baseline, name="bench_baseline"), *project_urlpatterns]
