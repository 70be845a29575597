"""The page's language: which one this run speaks (the session's choice for the person and signed-out
pages, French for professionals), the control that changes it, and `lang`/`dir` on the page.

The choice lives in the session (`LANGUAGE`), never in the address or the browser's storage; once the
person is signed in it is also their stored preference (`dossier.accounts.set_preferred_language`), read
back at their next sign-in or when a reload resumes their session, and used for what is sent to them.
A kiosk's sign-out goes back to French (`ui.session.sign_out`)."""

from __future__ import annotations

import html
import json

import streamlit as st

from dossier import i18n
from dossier.accounts import set_preferred_language
from dossier.actor import Actor
from dossier.labels import LABELS, t
from storage.engine import session_scope
from ui.session import LANGUAGE, LANGUAGE_CHOSEN, current_actor, generation

# Icons that point somewhere are mirrored in a right-to-left page (text-like icons are not).
DIRECTIONAL_ICONS = ("login", "logout", "arrow_back", "arrow_forward", "chevron_left", "chevron_right",
                     "navigate_next", "navigate_before", "send", "undo", "redo", "reply", "alt_route")

# Right to left: Streamlit's own layout follows `dir` (flex rows, text start); these keep the rest in
# order: text starts on the right, lists indent on the right, fields type from the right, and the
# digits of numbers, codes and dates typed in a field stay left to right.
RTL_STYLE = """
<style>
[data-testid="stMain"], [data-testid="stSidebar"], [data-testid="stPopoverBody"] { direction: rtl; text-align: start; }
/* Streamlit writes « text-align: left » on each element (headings, captions, text): start, i.e. right. */
[data-testid="stMain"] [data-testid="stElementContainer"],
[data-testid="stPopoverBody"] [data-testid="stElementContainer"],
[data-testid="stMain"] [data-testid="stMarkdownContainer"],
[data-testid="stPopoverBody"] [data-testid="stMarkdownContainer"] {
  text-align: start !important;
}
[data-testid="stMarkdownContainer"] ul, [data-testid="stMarkdownContainer"] ol {
  padding-inline-start: 1.5em; padding-inline-end: 0;
}
.stTextInput input[type="password"], .stTextInput input[inputmode="numeric"] { direction: ltr; text-align: right; }
.dossier-mirrored { transform: scaleX(-1); display: inline-block; }
bdi, .dossier-ltr { unicode-bidi: isolate; }
</style>
"""


def page_language(actor: Actor | None) -> str:
    """The person and signed-out pages speak the session's language; a professional's pages stay French."""
    if actor is not None and not actor.is_beneficiary:
        return i18n.FRENCH
    return i18n.known(st.session_state.get(LANGUAGE))


def _page_script(language: str) -> str:
    """`lang` and `dir` on <html> (Streamlit writes « en »), `lang` on each name of the language control
    (each language named in itself: WCAG 3.1.2), and the mirrored icons; kept up as Streamlit redraws."""
    settings = json.dumps({"lang": language, "dir": "rtl" if i18n.right_to_left(language) else "ltr",
                           "names": {name: code for code, name in i18n.NAMES.items()},
                           "mirrored": list(DIRECTIONAL_ICONS) if i18n.right_to_left(language) else []})
    return f"""<script>
(() => {{
  window.dossierLanguage = {settings};
  const apply = () => {{
    const s = window.dossierLanguage, root = document.documentElement;
    if (root.lang !== s.lang) root.lang = s.lang;
    if (root.dir !== s.dir) root.dir = s.dir;
    document.querySelectorAll('[class*="st-key-language_"] button').forEach((b) => {{
      const code = s.names[b.innerText.trim()];
      if (code && b.lang !== code) {{ b.lang = code; b.dir = code === 'ar' ? 'rtl' : 'ltr'; }}
    }});
    document.querySelectorAll('[data-testid="stIconMaterial"]').forEach((i) => {{
      const flip = s.mirrored.includes(i.innerText.trim());
      if (flip !== i.classList.contains('dossier-mirrored')) i.classList.toggle('dossier-mirrored', flip);
    }});
  }};
  apply();
  if (!window.dossierLanguageWatch) {{
    window.dossierLanguageWatch = new MutationObserver(apply);
    window.dossierLanguageWatch.observe(document.body, {{childList: true, subtree: true}});
  }}
}})();
</script>"""


def apply_language(actor: Actor | None) -> str:
    """Once per run, as soon as the actor is known: the language every `t()` of this run speaks (a context
    variable, so that the domain reads it without Streamlit), and the page's `lang`/`dir`."""
    language = page_language(actor)
    i18n.set_language(language)
    st.html(_page_script(language), unsafe_allow_javascript=True)
    if i18n.right_to_left(language):
        st.html(RTL_STYLE)
    return language


def choose_language(language: str) -> None:
    """The control's callback: the session speaks `language` from now on; a signed-in person keeps it as
    their preference."""
    if language not in i18n.LANGUAGES:
        return
    st.session_state[LANGUAGE] = language
    st.session_state[LANGUAGE_CHOSEN] = True
    actor = current_actor()
    if actor is not None and actor.is_beneficiary:
        with session_scope() as session:
            set_preferred_language(session, actor, language)


def _chosen(widget_key: str) -> None:
    picked = st.session_state.get(widget_key)
    if picked:
        choose_language(picked)


def language_control() -> None:
    """« Français · English · العربية », each named in itself, on the welcome screen, sign-in and every
    person page. The widget's key names the current language: a change made elsewhere (the preference
    read at sign-in) draws it afresh."""
    current = i18n.language()
    widget_key = f"language_{current}__{generation()}"
    st.segmented_control(t("language.label"), list(i18n.LANGUAGES), default=current, key=widget_key,
                         format_func=i18n.NAMES.__getitem__, label_visibility="collapsed",
                         on_change=_chosen, args=(widget_key,))


def french_beside(key: str) -> None:
    """A legal text of consent in another language: the exact French text under its translation, marked
    as French for screen readers (`lang="fr"`), since the French is the one that binds (the consent
    record keeps the language shown). Nothing in French, where the text above is the French."""
    if i18n.language() == i18n.FRENCH:
        return
    language = i18n.language()
    direction = "rtl" if i18n.right_to_left(language) else "ltr"
    st.html(f'<div class="dossier-french">'
            f'<p lang="{language}" dir="{direction}" style="margin:0 0 .25rem 0">'
            f'<strong>{html.escape(t("consent.notice.french"))}</strong></p>'
            f'<p lang="fr" dir="ltr" style="margin:0;text-align:left">{html.escape(LABELS[key])}</p></div>')
