"""Accounts and sign-in: the person's and the professionals' credentials, activation codes, throttling,
the devices that stay signed in, the kiosk hand-off and the person's own code beside a professional.

This module is the context's public face: other contexts and the pages import from here only
(import-linter's private_modules contract); the modules inside start with an underscore."""

from __future__ import annotations

from dossier.accounts._accounts import (
    ActivationFailed,
    IssuedActivation,
    SignInFailed,
    account_status,
    activate,
    find_person,
    issue_activation_code,
    person_by_number,
    set_professional_password,
    sign_in_person,
    sign_in_professional,
)
from dossier.accounts._actors import (
    actor_for_beneficiary,
    actor_for_professional,
    refresh_actor,
)
from dossier.accounts._invitation_links import (
    INVITATION_QUERY_KEY,
    IssuedLink,
    activate_with_invitation,
    invitation_url,
    issue_links,
    open_invitation,
    renew_link,
)
from dossier.accounts._language import (
    preferred_language,
    set_preferred_language,
)
from dossier.accounts._presence import (
    person_channel,
)
from dossier.accounts._secrets import (
    hash_secret,
)

__all__ = [
    "ActivationFailed",
    "INVITATION_QUERY_KEY",
    "IssuedLink",
    "activate_with_invitation",
    "invitation_url",
    "issue_links",
    "open_invitation",
    "renew_link",
    "IssuedActivation",
    "SignInFailed",
    "account_status",
    "activate",
    "actor_for_beneficiary",
    "actor_for_professional",
    "find_person",
    "hash_secret",
    "issue_activation_code",
    "person_by_number",
    "person_channel",
    "preferred_language",
    "set_preferred_language",
    "refresh_actor",
    "set_professional_password",
    "sign_in_person",
    "sign_in_professional",
]
