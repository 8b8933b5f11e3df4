from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def compose(request: HttpRequest) -> HttpResponse:
    return render(request, "invitations/compose.html")


@login_required
def triage(request: HttpRequest) -> HttpResponse:
    return render(request, "invitations/triage.html")
