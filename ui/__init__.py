"""What every page shares: the signed-in actor, sign-out, the idle timeout, forms' field errors,
the page language and the accessibility styles. No rule lives here: access is asked of dossier.policy.

Pages, app.py and the tests `import ui` and call these names on the package (`ui.submit`, `ui.guard`);
each lives in one module, each module using only the ones before it:

- `ui.text`: text from the store shown literally (`plain`, `html_table`);
- `ui.session`: the session-state keys, sign-in and sign-out, the cookie, the idle timeout, the kiosk,
  « avec la personne », the kiosk's hand-off, the flash message and `guard`;
- `ui.language`: the page's language (the person's choice, French for professionals), its control, and
  `lang`/`dir` on the page (`apply_language`, `language_control`);
- `ui.style`: the accessibility styles (`setup_page`);
- `ui.forms`: field errors, text fields, `submit` and `write`;
- `ui.pickers`: the person chosen from the caseload, the parts of a dossier hidden from a professional;
- `ui.navigation`: links between pages, sign-in first, where to go next, `run_page`;
- `session_scope` (from `storage.engine`): the unit of work a page opens around its service calls, so
  that pages never import `storage` themselves (an import-linter contract).

A test replacing one of these functions patches it where it is looked up: on the package for the pages'
calls (`ui.submit`), and in its module for the calls of another `ui` function (`ui.forms.submit`, which
`write` calls)."""

from __future__ import annotations

from dossier.errors import Message
from storage.engine import rollback_keeping, session_scope
from ui.forms import (
    Wording,
    acknowledged,
    clear_values,
    error_summary,
    errors_of,
    field_error,
    free_text_field,
    message_text,
    set_errors,
    submit,
    text_field,
    value,
    write,
)
from ui.language import (
    RTL_STYLE,
    apply_language,
    choose_language,
    french_beside,
    language_control,
    page_language,
)
from ui.navigation import (
    Render,
    already_active,
    forget_other_pages,
    go_next,
    link_button,
    link_to,
    next_page_path,
    not_for_this_account,
    run_page,
    served_at,
    sign_in_first,
)
from ui.pickers import CHOSEN_PERSON, chosen_person, hidden_parts, person_page
from ui.session import (
    ACTOR,
    COOKIE_CLAIM,
    COOKIE_FORGET,
    CURRENT_PAGE,
    DEVICE,
    FLASH,
    GENERATION,
    HANDOFF_IDENTIFIER,
    KIOSK,
    LANGUAGE,
    LANGUAGE_CHOSEN,
    LAST_ACTIVITY,
    NEXT_PAGE,
    NEXT_PARAMS,
    PAGE_SCOPED_PREFIXES,
    PAGES,
    PROCONNECT,
    RESUME_TRIED,
    WITH_PERSON,
    WITH_PERSON_SWITCH,
    acting_actor,
    current_actor,
    enforce_idle_timeout,
    generation,
    guard,
    hand_over_cookie,
    idle_limit,
    idle_watch,
    key,
    on_kiosk,
    person_wording,
    receive_handoff,
    resume_from_cookie,
    show_flash,
    sign_in,
    sign_out,
    signed_in_with_proconnect,
    still_signed_in,
    turn_towards_the_person,
    with_person,
)
from ui.style import LARGE_STYLE, STYLE, setup_page
from ui.text import LINK_TRIGGERS, MARKDOWN_SPECIALS, WORD_JOINER, html_table, plain

__all__ = [
    "rollback_keeping",
    "session_scope",
    # ui.text
    "LINK_TRIGGERS", "MARKDOWN_SPECIALS", "WORD_JOINER", "html_table", "plain",
    # ui.session
    "ACTOR", "COOKIE_CLAIM", "COOKIE_FORGET", "CURRENT_PAGE", "DEVICE", "FLASH", "GENERATION",
    "HANDOFF_IDENTIFIER", "KIOSK", "LANGUAGE", "LANGUAGE_CHOSEN", "LAST_ACTIVITY", "NEXT_PAGE", "NEXT_PARAMS",
    "PAGE_SCOPED_PREFIXES", "PAGES", "PROCONNECT",
    "RESUME_TRIED", "WITH_PERSON", "WITH_PERSON_SWITCH", "acting_actor", "current_actor", "enforce_idle_timeout",
    "generation", "guard", "hand_over_cookie", "idle_limit", "idle_watch", "key", "on_kiosk", "person_wording",
    "receive_handoff", "resume_from_cookie", "show_flash", "sign_in", "sign_out", "signed_in_with_proconnect",
    "still_signed_in",
    "turn_towards_the_person", "with_person",
    # ui.language
    "RTL_STYLE", "apply_language", "choose_language", "french_beside", "language_control", "page_language",
    # ui.style
    "LARGE_STYLE", "STYLE", "setup_page",
    # ui.forms
    "Message", "Wording", "acknowledged", "clear_values", "error_summary", "errors_of", "field_error",
    "free_text_field", "message_text", "set_errors", "submit", "text_field", "value", "write",
    # ui.pickers
    "CHOSEN_PERSON", "chosen_person", "hidden_parts", "person_page",
    # ui.navigation
    "Render", "already_active", "forget_other_pages", "go_next", "link_button", "link_to", "next_page_path",
    "not_for_this_account",
    "run_page",
    "served_at", "sign_in_first",
]
