"""Client addresses behind a load balancer.

Rate limits (sign-in, uploads) key on the client's address. Behind a load balancer every request
comes from the balancer, so the real address must be read from X-Forwarded-For, but only the
entries added by proxies we run: a client can put anything in the header itself. TRUSTED_PROXY_COUNT
says how many proxies sit in front of the portal (0, the default, trusts no header).
"""

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def trusted_proxy_count() -> int:
    """TRUSTED_PROXY_COUNT from the environment; anything but a whole number >= 0 is a mistake."""
    raw = os.environ.get("TRUSTED_PROXY_COUNT", "0").strip() or "0"
    count = int(raw)
    if count < 0:
        raise ValueError("TRUSTED_PROXY_COUNT must be 0 or more")
    return count


def init_app(app: Flask) -> None:
    """Trust X-Forwarded-For/-Proto/-Host from that many proxies; with none, change nothing."""
    count = app.config.get("TRUSTED_PROXY_COUNT")
    if count is None:
        count = trusted_proxy_count()
    app.config["TRUSTED_PROXY_COUNT"] = count
    if count:
        # Flask documents wrapping wsgi_app as the way to add WSGI middleware.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]
