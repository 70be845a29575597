"""The accessibility styles (larger on a kiosk and « avec la personne »)."""

from __future__ import annotations

import streamlit as st

from dossier.settings import get_settings
from ui.session import KIOSK, WITH_PERSON

STYLE = """
<style>
/* Strong, visible focus for keyboard users (WCAG 2.4.7 / 2.4.11). */
:focus-visible, button:focus-visible, a:focus-visible, input:focus-visible, [role="radio"]:focus-visible {
  outline: 3px solid #0b3d91 !important; outline-offset: 2px !important;
  box-shadow: 0 0 0 5px #ffffff !important;
}
/* Rings that would be hidden: a radio's input is visually hidden (ring its label), a text field's box
   clips its input's outline (ring the box), and clips the eye button's outline (draw it inside). */
[data-testid="stRadioOption"]:has(input:focus-visible),
[data-testid="stTextInputRootElement"]:has(input:focus-visible) {
  outline: 3px solid #0b3d91 !important; outline-offset: 2px !important;
}
[data-testid="stTextInputRootElement"] input:focus-visible { outline: none !important; box-shadow: none !important; }
/* A switch's input is hidden too (ring its label); a list's box clips its search input (ring the box). */
[data-testid="stCheckbox"] label:has(input:focus-visible),
[data-testid="stSelectbox"] > div:has(input:focus-visible) {
  outline: 3px solid #0b3d91 !important; outline-offset: 2px !important;
}
[data-testid="stSelectbox"] input:focus-visible { outline: none !important; box-shadow: none !important; }
[data-testid="stTextInputRootElement"] button:focus-visible { outline-offset: -3px !important; }
/* The main region (focusable for keyboard scrolling) fills the viewport: an outside ring would be
   off-screen, so draw it inside. */
[data-testid="stMain"]:focus-visible { outline-offset: -3px !important; }
/* Scroll a focused element far enough into view for its ring to show too. */
a, button, input, select, textarea, [tabindex] { scroll-margin: 12px; }
/* Touch targets of at least 44 px (the language control's buttons too). */
[data-testid="stButtonGroup"] button { min-height: 44px; min-width: 44px; }
.stButton button, .stFormSubmitButton button, .stDownloadButton button, [data-testid="stPageLink"] a,
[data-testid="stPopoverButton"] {
  min-height: 48px; min-width: 48px; font-size: 1.05rem;
}
.stTextInput input { min-height: 44px; font-size: 1.05rem; }
[data-testid="stTextInputRootElement"] { min-height: 44px; }
/* The password field's "show" eye button is 32 x 16 px by default. */
[data-testid="stTextInputRootElement"] button { min-height: 44px; min-width: 44px; }
[data-testid="stRadio"] label { min-height: 44px; display: flex; align-items: center; }
[data-testid="stCheckbox"] label { min-height: 44px; display: flex; align-items: center; }
[data-testid="stExpander"] summary { min-height: 44px; }
[data-testid="stSelectbox"] input[role="combobox"] { min-height: 44px; }
[data-testid="stSelectbox"] button { min-width: 44px; min-height: 44px; }
/* Pills and segmented controls (« Trouver de l'aide » filters) are 32 px high by default. */
[data-testid="stButtonGroup"] button { min-height: 44px; min-width: 44px; }
/* The skip link appears on focus: give it a full-size target too. */
[data-testid="stSkipToContent"]:focus { min-height: 44px; display: inline-flex; align-items: center; }
/* Heading anchors: 16 px invisible links in the tab order, of no use here. */
[data-testid="stHeaderActionElements"] { display: none !important; }
/* Captions: Streamlit's faded grey gives 3.9:1 on white; #595959 at full opacity gives 7:1 (WCAG 1.4.3). */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #595959 !important; }
/* E-mail and phone links (the référent's contact) are actions on a phone: full-size targets. */
[data-testid="stMarkdownContainer"] a[href^="mailto:"], [data-testid="stMarkdownContainer"] a[href^="tel:"] {
  display: inline-flex; align-items: center; min-height: 44px;
}
/* The image toolbar's full-screen button (to show the QR code) is 24 px by default. */
[data-testid="stElementToolbarButton"], [data-testid="stElementToolbarButton"] button {
  min-width: 44px !important; min-height: 44px !important;
}
[data-testid="stMarkdownContainer"] table { width: 100%; }
/* A link to one of the app's own routes drawn as a button (« Me connecter avec ProConnect »). */
a.dossier-link-button {
  display: flex; align-items: center; justify-content: center; box-sizing: border-box; width: 100%;
  min-height: 48px; padding: 0.5rem 1rem; border-radius: 0.5rem; font-size: 1.05rem; font-weight: 600;
  background: #000091; color: #ffffff !important; text-decoration: none !important;
}
a.dossier-link-button:hover { background: #1212ff; }
/* Less blank space above the content on phones (Streamlit's default is 6rem). */
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem !important; }
</style>
"""


# Kiosk and "avec la personne": bigger text and buttons, for reading at arm's length or side by side.
LARGE_STYLE = """
<style>
[data-testid="stMain"] { font-size: 1.2rem; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label { font-size: 1.2rem !important; }
.stButton button, .stFormSubmitButton button, [data-testid="stPageLink"] a, [data-testid="stPopoverButton"] {
  min-height: 60px; font-size: 1.25rem;
}
</style>
"""


def setup_page() -> None:
    """Styles and kiosk flag; called once per run by app.py before anything else (the page's language is
    set by `ui.apply_language` once the actor is known)."""
    st.html(STYLE)
    if KIOSK not in st.session_state:
        st.session_state[KIOSK] = get_settings().kiosk or st.query_params.get("borne") == "1"
    if st.session_state.get(KIOSK) or st.session_state.get(WITH_PERSON):
        st.html(LARGE_STYLE)
