"""The OAI-PMH 2.0 endpoint at /oai/ (GET or POST). Thin: the protocol is holdings/exporters/oai.py."""
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .exporters.oai import OaiProvider


@csrf_exempt  # harvesters POST form-encoded requests without a session; nothing here writes
@require_http_methods(["GET", "POST", "HEAD"])
def oai_pmh(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    args = {name: params.getlist(name) for name in params}
    base_url = request.build_absolute_uri(request.path)
    body = OaiProvider(args, base_url).response()
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
