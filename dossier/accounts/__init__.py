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
from dossier.accounts._proconnect import CODES as PROCONNECT_CODES
from dossier.accounts._proconnect import END_ROUTE as PROCONNECT_END_ROUTE
from dossier.accounts._proconnect import FLOW_COOKIE as PROCONNECT_FLOW_COOKIE
from dossier.accounts._proconnect import FLOW_MINUTES as PROCONNECT_FLOW_MINUTES
from dossier.accounts._proconnect import NEXT_QUERY as PROCONNECT_NEXT_QUERY
from dossier.accounts._proconnect import REFUSAL_QUERY as PROCONNECT_REFUSAL_QUERY
from dossier.accounts._proconnect import RETURN_ROUTE as PROCONNECT_RETURN_ROUTE
from dossier.accounts._proconnect import START_ROUTE as PROCONNECT_START_ROUTE
from dossier.accounts._proconnect import Completed as ProConnectCompleted
from dossier.accounts._proconnect import Identity as ProConnectUser
from dossier.accounts._proconnect import (
    PasswordSignInOff,
    ProConnectRefused,
    accept_proconnect_request,
    proconnect_requests,
    refuse_proconnect_request,
    sign_in_with_proconnect,
)
from dossier.accounts._proconnect import RequestRow as ProConnectRequestRow
from dossier.accounts._proconnect import Started as ProConnectStarted
from dossier.accounts._proconnect import complete as complete_proconnect
from dossier.accounts._proconnect import end_session_url as proconnect_end_session_url
from dossier.accounts._proconnect import start as start_proconnect
from dossier.accounts._secrets import (
    hash_secret,
)

__all__ = [
    "PROCONNECT_CODES",
    "PROCONNECT_END_ROUTE",
    "PROCONNECT_FLOW_COOKIE",
    "PROCONNECT_REFUSAL_QUERY",
    "PROCONNECT_RETURN_ROUTE",
    "PROCONNECT_START_ROUTE",
    "PasswordSignInOff",
    "PROCONNECT_FLOW_MINUTES",
    "PROCONNECT_NEXT_QUERY",
    "ProConnectCompleted",
    "ProConnectUser",
    "ProConnectRefused",
    "ProConnectRequestRow",
    "ProConnectStarted",
    "accept_proconnect_request",
    "complete_proconnect",
    "proconnect_end_session_url",
    "proconnect_requests",
    "refuse_proconnect_request",
    "sign_in_with_proconnect",
    "start_proconnect",
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
