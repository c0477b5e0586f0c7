"""Keeps the current request's address and browser in a context variable, so that services can record
"from where" in the audit log without every caller passing the request down."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestOrigin:
    ip_address: str | None
    user_agent: str


_origin: ContextVar[RequestOrigin | None] = ContextVar("jaring_request_origin", default=None)


def current_origin() -> RequestOrigin | None:
    return _origin.get()


def origin_from_request(request) -> RequestOrigin:
    # REMOTE_ADDR only: behind a proxy, the proxy sets it (SECURE_PROXY_SSL_HEADER does not trust X-Forwarded-For).
    return RequestOrigin(
        ip_address=request.META.get("REMOTE_ADDR") or None,
        user_agent=(request.META.get("HTTP_USER_AGENT") or "")[:255],
    )


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _origin.set(origin_from_request(request))
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)
