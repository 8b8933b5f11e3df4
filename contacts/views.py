from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Contact


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    contacts = Contact.objects.owned_by(request.user).active().prefetch_related("labels")
    page = Paginator(contacts, 50).get_page(request.GET.get("page"))
    return render(request, "contacts/list.html", {"page": page})


@login_required
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    return render(request, "contacts/detail.html", {"contact": contact})
