from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "govuk/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "govuk/500.html", status=500)
