"""Every setting of the app, read once from the environment with safe defaults.

One place so that a Département's operator finds them all, and the README documents the same list.
"""

from __future__ import annotations

import functools
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy.engine import make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
LOCAL_URL = "http://localhost:8501"  # `make run` without PORT
PROCONNECT_SCOPES = "openid email given_name usual_name siret"  # as ProConnect documents them


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def _bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    return raw in {"1", "true", "yes", "oui", "on"}


class SecretUrl(SecretStr):
    """A database URL whose password never shows: `repr`, `str`, f-strings and logs print the URL with
    `***` in place of the password (user, host and database stay readable for the operator). The
    connection string itself comes from `.get_secret_value()`."""

    def _display(self) -> str:
        value = self.get_secret_value()
        if not value:
            return ""
        try:
            url = make_url(value)
            if "password" in url.query:  # libpq also takes `?password=`
                url = url.update_query_dict({"password": "***"})
            return url.render_as_string(hide_password=True)
        except Exception:  # not a URL we can parse: show nothing of it
            return "**********"


def _pepper() -> str:
    """The server-side secret mixed into every code before hashing.

    It must live outside the database, so a stolen database alone cannot be brute-forced. When
    `DOSSIER_PEPPER` is not set we create a random one once in `data/pepper` (mode 600).
    """
    env = os.environ.get("DOSSIER_PEPPER", "").strip()
    if env:
        return env
    path = Path(os.environ.get("DOSSIER_PEPPER_FILE", DATA_DIR / "pepper"))
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write aside then link into place: a concurrent starter never reads a half-written file, and
    # whoever links first wins (the others read that one).
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return path.read_text().strip()


@dataclass(frozen=True)
class Settings:
    """Secrets (the pepper, the SMTP password, the SMS provider's key and callback token, the ProConnect
    client secret, the database URLs' passwords) are `SecretStr`: they never
    appear in a `repr`, a log or an error; the code that needs one calls `.get_secret_value()`."""

    database_url: SecretUrl
    kiosk: bool
    idle_timeout_personal_s: int
    idle_timeout_kiosk_s: int
    idle_warning_s: int
    handoff_minutes: int
    alert_no_booking_days: int
    alert_consent_days: int
    lockout_threshold: int
    lockout_minutes: int
    activation_days: int
    cancel_hours: int
    move_hours: int
    smtp_host: str
    smtp_port: int
    smtp_user: str
    smtp_password: SecretStr
    smtp_from: str
    public_url: str
    help_phone: str
    pepper: SecretStr
    # the tables' owner, for migrations (PostgreSQL, see storage/roles.py)
    migration_database_url: SecretUrl = SecretUrl("")
    argon2_profile: str = "production"
    idle_check_s: int = 10
    session_hours_person: int = 12  # absolute life of a signed-in browser (« Mes appareils »)
    session_hours_pro: int = 10
    # SMS (issue 17): the provider ("" = none: SMS are only logged, never promised), its API and sender
    sms_provider: str = ""
    brevo_api_url: str = "https://api.brevo.com/v3"
    brevo_api_key: SecretStr = SecretStr("")
    sms_sender: str = "Insertion"  # the name the phone shows (Brevo: 3 to 11 letters and digits)
    sms_webhook_token: SecretStr = SecretStr("")  # the provider's callbacks carry it (?token=…)
    sms_per_minute: int = 60
    # invitation campaigns: life of the personal link, the follow-ups
    invitation_days: int = 14
    invitation_reminder_days: int = 3
    invitation_last_days_before: int = 2
    # follow-up in employment after an exit to lasting work (issue 23): its length, its check-ins
    follow_up_months: int = 6
    check_in_months: tuple[int, ...] = (1, 3, 6)
    # ProConnect (issue 19): the State's OpenID Connect sign-in for professionals; off while unset
    proconnect_metadata_url: str = ""
    proconnect_client_id: str = ""
    proconnect_client_secret: SecretStr = SecretStr("")
    proconnect_redirect_uri: str = ""  # "" = <public address>/proconnect/retour
    proconnect_post_logout_uri: str = ""  # "" = <public address>/ (the sign-in page)
    proconnect_scopes: str = PROCONNECT_SCOPES

    @property
    def proconnect_configured(self) -> bool:
        """ProConnect is offered only with its three settings: where the provider is, who we are, our secret."""
        return bool(self.proconnect_metadata_url and self.proconnect_client_id
                    and self.proconnect_client_secret.get_secret_value())

    @property
    def argon2_params(self) -> dict[str, object]:
        """Argon2id cost of new hashes: the profile names one of `ARGON2_PROFILES`."""
        return ARGON2_PROFILES[self.argon2_profile]

    def public_base(self, served_at: str | None = None) -> str:
        """The address printed in letters, QR codes, notices and hand-off links: `DOSSIER_PUBLIC_URL` when
        set (behind a proxy, and for the notices the worker sends), else the address this request reached
        the app on (`served_at`, from the page), else the address `make run` serves."""
        return (self.public_url or served_at or LOCAL_URL).rstrip("/")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.get_secret_value().startswith("sqlite")


# Argon2id costs. "production" (~0.1–0.4 s a hash here) is the default and what every deployment uses;
# the other profile exists only so the test suite (and the servers it starts) can create and check
# thousands of codes: its name says what it is, and the app logs a warning when it is in use.
ARGON2_PROFILES: dict[str, dict[str, object]] = {
    "production": {"argon2__type": "ID", "argon2__memory_cost": 65536, "argon2__rounds": 3,
                   "argon2__parallelism": 2},
    "tests-only-insecure": {"argon2__type": "ID", "argon2__memory_cost": 64, "argon2__rounds": 1,
                            "argon2__parallelism": 1},
}


def _argon2_profile() -> str:
    profile = os.environ.get("DOSSIER_ARGON2_PROFILE", "").strip() or "production"
    if profile not in ARGON2_PROFILES:
        raise RuntimeError(f"DOSSIER_ARGON2_PROFILE must be one of {', '.join(ARGON2_PROFILES)}.")
    return profile


def _months(name: str, default: tuple[int, ...]) -> tuple[int, ...]:
    """A list of months such as « 1,3,6 », sorted, each at least 1."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        months = sorted({int(part) for part in raw.split(",") if part.strip()})
    except ValueError:
        raise RuntimeError(f"{name} must list whole months separated by commas, such as 1,3,6.") from None
    if not months or months[0] < 1:
        raise RuntimeError(f"{name} must list whole months of at least 1, such as 1,3,6.")
    return tuple(months)


def default_database_url() -> str:
    return f"sqlite:///{DATA_DIR / 'dossier.db'}"


@functools.cache
def get_settings() -> Settings:
    """Read the environment once per process (tests call `get_settings.cache_clear()`)."""
    database_url = os.environ.get("DATABASE_URL", "").strip() or default_database_url()
    if not database_url.startswith("sqlite") and not os.environ.get("DOSSIER_PEPPER", "").strip():
        # Several app servers share a PostgreSQL store: a per-machine generated pepper would make
        # every code fail on the other servers. Ask for the shared secret explicitly.
        raise RuntimeError("DOSSIER_PEPPER must be set when DATABASE_URL is not SQLite (see README).")
    return Settings(
        database_url=SecretUrl(database_url),
        kiosk=_bool("DOSSIER_KIOSK"),
        idle_timeout_personal_s=_int("DOSSIER_IDLE_TIMEOUT_PERSONAL", 30 * 60),
        idle_timeout_kiosk_s=_int("DOSSIER_IDLE_TIMEOUT_KIOSK", 3 * 60),
        idle_warning_s=_int("DOSSIER_IDLE_WARNING", 60),
        handoff_minutes=_int("DOSSIER_HANDOFF_MINUTES", 5),
        alert_no_booking_days=_int("DOSSIER_ALERT_NO_BOOKING_DAYS", 15),
        alert_consent_days=_int("DOSSIER_ALERT_CONSENT_DAYS", 30),
        lockout_threshold=_int("DOSSIER_LOCKOUT_THRESHOLD", 5),
        lockout_minutes=_int("DOSSIER_LOCKOUT_MINUTES", 15),
        activation_days=_int("DOSSIER_ACTIVATION_DAYS", 10),
        cancel_hours=_int("DOSSIER_CANCEL_HOURS", 4),
        move_hours=_int("DOSSIER_MOVE_HOURS", 24),
        smtp_host=os.environ.get("SMTP_HOST", ""),
        smtp_port=_int("SMTP_PORT", 587),
        smtp_user=os.environ.get("SMTP_USER", ""),
        smtp_password=SecretStr(os.environ.get("SMTP_PASSWORD", "")),
        smtp_from=os.environ.get("SMTP_FROM", "ne-pas-repondre@dossier-insertion.invalid"),
        public_url=os.environ.get("DOSSIER_PUBLIC_URL", "").strip(),
        help_phone=os.environ.get("DOSSIER_HELP_PHONE", "0399000000"),
        pepper=SecretStr(_pepper()),
        migration_database_url=SecretUrl(os.environ.get("DOSSIER_MIGRATION_DATABASE_URL", "").strip()),
        argon2_profile=_argon2_profile(),
        idle_check_s=max(1, _int("DOSSIER_IDLE_CHECK_SECONDS", 10)),
        session_hours_person=max(1, _int("DOSSIER_SESSION_HOURS_PERSON", 12)),
        session_hours_pro=max(1, _int("DOSSIER_SESSION_HOURS_PRO", 10)),
        sms_provider=os.environ.get("DOSSIER_SMS_PROVIDER", "").strip().lower(),
        brevo_api_url=os.environ.get("BREVO_API_URL", "https://api.brevo.com/v3").strip().rstrip("/"),
        brevo_api_key=SecretStr(os.environ.get("BREVO_API_KEY", "").strip()),
        sms_sender=os.environ.get("DOSSIER_SMS_SENDER", "Insertion").strip(),
        sms_webhook_token=SecretStr(os.environ.get("DOSSIER_SMS_WEBHOOK_TOKEN", "").strip()),
        sms_per_minute=max(1, _int("DOSSIER_SMS_PER_MINUTE", 60)),
        invitation_days=max(3, _int("DOSSIER_INVITATION_DAYS", 14)),
        invitation_reminder_days=max(1, _int("DOSSIER_INVITATION_REMINDER_DAYS", 3)),
        invitation_last_days_before=max(1, _int("DOSSIER_INVITATION_LAST_DAYS_BEFORE", 2)),
        follow_up_months=max(1, _int("DOSSIER_FOLLOW_UP_MONTHS", 6)),
        check_in_months=_months("DOSSIER_CHECK_IN_MONTHS", (1, 3, 6)),
        proconnect_metadata_url=os.environ.get("DOSSIER_PROCONNECT_METADATA_URL", "").strip(),
        proconnect_client_id=os.environ.get("DOSSIER_PROCONNECT_CLIENT_ID", "").strip(),
        proconnect_client_secret=SecretStr(os.environ.get("DOSSIER_PROCONNECT_CLIENT_SECRET", "").strip()),
        proconnect_redirect_uri=os.environ.get("DOSSIER_PROCONNECT_REDIRECT_URI", "").strip(),
        proconnect_post_logout_uri=os.environ.get("DOSSIER_PROCONNECT_POST_LOGOUT_URI", "").strip(),
        proconnect_scopes=" ".join(os.environ.get("DOSSIER_PROCONNECT_SCOPES", "").split()) or PROCONNECT_SCOPES,
    )
