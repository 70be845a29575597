"""A real OpenID Connect provider for the tests (the PyPI package `oidc-provider-mock`, in a thread of the
test process), the settings that point the app at it, and the way through its authorization form without
a browser (an HTTP POST of the `sub`, as its form does)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx

CLIENT_ID = "dossier-tests"
CLIENT_SECRET = "client-secret-des-tests"  # the mock accepts any client; the app still sends one
# Valid SIRETs (Luhn), for the demo structures the tests give one to
SIRET_CD = "13002526500013"  # given to CD-VV (Claire Morel's, the admin's structure)
SIRET_FT = "13000548100010"  # given to FT-VV (Julie Roux's)


@dataclass(frozen=True)
class Provider:
    url: str  # http://localhost:<port>

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def set_user(self, sub: str, **claims: object) -> None:
        """The identity the provider hands out for `sub` (PUT /users/<sub>)."""
        httpx.put(f"{self.url}/users/{sub}", json=claims, timeout=10).raise_for_status()

    def settings(self, **more: str) -> dict[str, str]:
        """The app's environment for this provider."""
        return {"DOSSIER_PROCONNECT_METADATA_URL": self.metadata_url, "DOSSIER_PROCONNECT_CLIENT_ID": CLIENT_ID,
                "DOSSIER_PROCONNECT_CLIENT_SECRET": CLIENT_SECRET, **more}

    def authorize(self, authorization_url: str, sub: str) -> dict[str, str]:
        """The professional types `sub` in the provider's form: the query the provider sends back."""
        response = httpx.post(authorization_url, data={"sub": sub}, timeout=10)
        assert response.status_code == 302, response.text[:500]
        return {k: v[0] for k, v in parse_qs(urlsplit(response.headers["location"]).query).items()}


@contextmanager
def running_provider() -> Iterator[Provider]:
    from oidc_provider_mock import run_server_in_thread

    saved = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # the provider (Authlib's server) speaks plain HTTP here
    try:
        with run_server_in_thread(require_nonce=True) as server:
            yield Provider(f"http://localhost:{server.server_port}")
    finally:
        if saved is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = saved
