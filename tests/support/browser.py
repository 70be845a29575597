"""Real-browser test support: a Streamlit server in a subprocess, Debian Chromium through Playwright,
a wait for the end of each Streamlit rerun, and the helpers several browser test files use (signing in
through the form, the menu, widgets, the booking steps, axe-core, personal data, focus rings).

The server reads the same database as the tests (DATABASE_URL, set by tests/conftest.py) and uses the
same pepper, so data seeded by a fixture is what the browser sees.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import holidays
import numpy as np
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session, select

from dossier import appointments, clock, i18n
from dossier.labels import LABELS, long_date, t
from storage.engine import session_scope
from storage.models import Action, Beneficiary, Goal, Place, Professional, Slot
from tests.support.domain import one_slot

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "fr-FR"}
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "fr-FR"}  # a desk screen
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning'][data-test-connection-state='CONNECTED']"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        """The server's output, for assertion messages."""
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except OSError:
        return False


@contextmanager
def streamlit_server(timeout: float = 60.0, settings: dict[str, str] | None = None) -> Iterator[Server]:
    """`streamlit run server.py` (app.py behind the security headers) on a free port; yields once
    /_stcore/health answers "ok", stops it after.

    Output goes to a temporary file (an undrained pipe can make Streamlit ignore SIGTERM)."""
    port = free_port()
    env = dict(os.environ)
    env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    env["DOSSIER_PEPPER"] = os.environ["DOSSIER_PEPPER"]
    env.pop("DOSSIER_KIOSK", None)
    env.update(settings or {})  # e.g. short idle timeouts for the idle test's own server
    log_file = tempfile.NamedTemporaryFile(prefix="streamlit-", suffix=".log", delete=False)
    command = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log_file,
                               stderr=subprocess.STDOUT)
    server = Server(url=f"http://127.0.0.1:{port}", process=process, log_path=Path(log_file.name))
    try:
        deadline = time.monotonic() + timeout
        while not _healthy(server.url):
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {process.returncode}:\n{server.log()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit not healthy after {timeout:.0f} s:\n{server.log()}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log_file.close()
        server.log_path.unlink(missing_ok=True)


def launch_chromium(playwright):
    """Debian's Chromium (Playwright's own download is not available here)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def new_phone(browser):
    """A fresh phone-sized context (its own cookies, cache and Streamlit session) and its page."""
    context = browser.new_context(**PHONE)
    context.set_default_timeout(20_000)
    return context.new_page()


def wait_idle(page, settle_ms: int = 300, timeout_ms: int = 20_000) -> None:
    """Wait until the Streamlit script has finished its rerun and the connection is up, then let the
    browser paint (a rerun may start a moment after a click: settle, then check once more)."""
    page.wait_for_selector(IDLE, timeout=timeout_ms)
    page.wait_for_timeout(settle_ms)
    page.wait_for_selector(IDLE, timeout=timeout_ms)


def open_page(page, url: str, *, heading: bool = True) -> None:
    """Go to `url` and wait for the first run to finish (and, by default, for the page's title)."""
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("[data-testid='stApp']", timeout=20_000)
    wait_idle(page)
    if heading:
        page.wait_for_selector("h1", timeout=20_000)


def open_menu(page) -> None:
    """Open the "Menu" of the page header and wait for its links (once more if a rerun that was
    still going re-drew the header and closed it)."""
    first_link = page.locator("[data-testid='stPopoverBody'] a").first
    for attempt in range(2):
        wait_idle(page)
        page.get_by_role("button", name=t("nav.menu")).click()
        try:
            first_link.wait_for(state="visible", timeout=5_000 if attempt == 0 else 20_000)
            return
        except Exception:  # noqa: BLE001 — Playwright's TimeoutError: try once more
            if attempt:
                raise


def follow_menu(page, label: str) -> None:
    """Open the header's menu (unless already open), follow one of its links, wait for the end of the
    rerun."""
    link = page.get_by_role("link", name=label, exact=True)
    if not link.is_visible():
        open_menu(page)
    link.click()
    wait_idle(page)


# Every visible target on the page (a radio's target is its label), with its size: the 44 px rule.
# `inline` marks a link within a sentence (WCAG 2.5.8 exempts those); `selector` says where it is.
TARGETS_JS = """
(minimum) => {
  const hidden = (el) => {
    // checkVisibility: also false inside a closed <details> (its content is content-visibility: hidden).
    if (!el.checkVisibility({visibilityProperty: true})) return true;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) return true;
    for (let n = el; n && n !== document.documentElement; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.display === 'none' || cs.visibility === 'hidden') return true;
      if (cs.clipPath.startsWith('inset(50%') || (cs.clip !== 'auto' && cs.clip.startsWith('rect(0'))) return true;
    }
    return false;
  };
  const describe = (el) => {
    const testid = (n) => n.getAttribute && n.getAttribute('data-testid');
    const key = el.closest('[class*="st-key-"]');
    const keyClass = key ? [...key.classList].find((c) => c.startsWith('st-key-')) : null;
    let widget = null;
    for (let n = el; n && n !== document.body; n = n.parentElement) {
      const id = testid(n);
      if (id && /^st[A-Z]/.test(id) && !['stMarkdownContainer', 'stIconMaterial'].includes(id)) { widget = id; break; }
    }
    const own = testid(el) ? `[data-testid="${testid(el)}"]` : '';
    const role = el.getAttribute('role') ? `[role="${el.getAttribute('role')}"]` : '';
    const aria = el.getAttribute('aria-label') ? `[aria-label="${el.getAttribute('aria-label')}"]` : '';
    const scope = [keyClass ? '.' + keyClass : '', widget ? `[data-testid="${widget}"]` : ''].filter(Boolean);
    return scope.join(' ') + (scope.length ? ' ' : '') + el.tagName.toLowerCase() + own + role + aria;
  };
  const radioLike = (el) => ['radio', 'checkbox'].includes(el.type) ||
    ['radio', 'checkbox', 'switch'].includes(el.getAttribute('role'));
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=radio], ' +
    '[role=button], [role=link], [role=checkbox], [role=tab], [role=combobox], [tabindex]:not([tabindex="-1"])';
  const results = [];
  const seen = new Set();
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled) continue;
    const target = radioLike(el) ? (el.closest('label') || el) : el;  // a radio's clickable box is its label
    if (seen.has(target)) continue;
    let focused = false;
    if (hidden(target)) {  // a skip link shows on focus: measure it then
      el.focus();
      focused = true;
      if (hidden(target)) { el.blur(); continue; }
    }
    seen.add(target);
    const box = target.getBoundingClientRect();
    let text = target.innerText || '';
    for (const icon of target.querySelectorAll('[data-testid="stIconMaterial"]')) {
      text = text.replace(icon.innerText, '');  // a Material icon's ligature name is not its text
    }
    const name = (target.getAttribute('aria-label') || text || target.getAttribute('placeholder') ||
                  target.getAttribute('type') || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    const block = target.tagName === 'A' && target.parentElement;
    const inline = Boolean(block) && getComputedStyle(target).display === 'inline' &&
      block.innerText.trim().length > target.innerText.trim().length;  // a link within a sentence
    results.push({selector: describe(target), tag: target.tagName.toLowerCase(), name, width: box.width,
                  height: box.height, inline, small: box.width < minimum - 0.01 || box.height < minimum - 0.01});
    if (focused) el.blur();
  }
  return results;
}
"""


# --- helpers the browser tests share ------------------------------------------------------------

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
MIN_TARGET = 44  # px, WCAG 2.5.5 (AAA) — our rule for every target, at 390 px width
STATIC_TEXTS = sorted((v for v in LABELS.values() if "{" not in v), key=len, reverse=True)


def click_and_wait(page: Page, locator) -> None:
    locator.click()
    wait_idle(page)


def heading(page: Page, text: str):
    return page.get_by_role("heading", level=1, name=text, exact=True)


def button(page: Page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def sign_in_person(page: Page, url: str, identifier: str, code: str) -> None:
    open_page(page, url + "/")
    page.get_by_label(t("signin.identifier"), exact=True).fill(identifier)
    page.get_by_label(t("signin.code"), exact=True).fill(code)
    click_and_wait(page, page.get_by_role("button", name=t("signin.submit")))


def choose_professional(page: Page) -> None:
    click_and_wait(page, page.get_by_text(t("signin.pro"), exact=True))
    expect(page.get_by_label(t("signin.email"), exact=True)).to_be_visible()


def sign_in_professional(page: Page, url: str, email: str, password: str) -> None:
    open_page(page, url + "/")
    choose_professional(page)
    page.get_by_label(t("signin.email"), exact=True).fill(email)
    page.get_by_label(t("signin.password"), exact=True).fill(password)
    click_and_wait(page, page.get_by_role("button", name=t("signin.submit")))


def nav(page: Page, label_key: str) -> None:
    """Follow a link of the header's menu and wait for the end of the rerun."""
    follow_menu(page, t(label_key))


def choose_in_combobox(page: Page, combobox: Locator, search: str, option: str) -> None:
    """A Streamlit selectbox: tap it, type a few letters, tap the option; wait for the rerun.

    A rerun landing while the letters are typed redraws the list unfiltered: type them again then,
    as a person would."""
    listed = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        wait_idle(page)
        combobox.click()
        combobox.fill(search)
        try:
            expect(listed).to_be_visible(timeout=3_000)
            break
        except AssertionError:
            page.keyboard.press("Escape")
    expect(listed).to_be_visible()
    click_and_wait(page, listed)
    expect(combobox).to_have_value(option)


def xpath_literal(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in text.split("'")) + ")"


# --- « Ma feuille de route », « Mes partages », « Mon premier rendez-vous » ------------------------


def goal_expander(page: Page, label: str) -> Locator:
    return page.locator("[data-testid='stExpander']").filter(
        has=page.locator("summary", has_text=label))


def open_goal(page: Page, label: str) -> Locator:
    """Open the goal's expander if it is closed and return it."""
    expander = goal_expander(page, label)
    expect(expander).to_have_count(1)
    if expander.locator("details").get_attribute("open") is None:
        click_and_wait(page, expander.locator("summary"))
    expect(expander.locator("details")).to_have_attribute("open", "")
    return expander


def card_of(page: Page, title: str) -> Locator:
    """The innermost bordered block whose subheader is `title` (one structure on « Mes partages »)."""
    literal = xpath_literal(title)
    return page.locator(
        f"xpath=//div[@data-testid='stVerticalBlock'][.//h3[normalize-space()={literal}]]"
        f"[not(.//div[@data-testid='stVerticalBlock'][.//h3[normalize-space()={literal}]])]")


def switch(card: Locator, category: str) -> Locator:
    return card.get_by_role("switch", name=t(f"category.{category}"), exact=True)


def tap_switch(page: Page, card: Locator, category: str) -> None:
    """Tap the switch's label, as a finger does (the input itself is visually hidden)."""
    label = card.locator("[data-testid='stCheckbox'] label").filter(
        has=page.get_by_role("switch", name=t(f"category.{category}"), exact=True))
    expect(label).to_have_count(1)
    click_and_wait(page, label)


def afternoon_slot(engine) -> int:
    """A créneau published at 14:00 on the next working day at least two days ahead (the demo
    publishes mornings only)."""
    closed = holidays.France(years=[clock.today().year, clock.today().year + 1])
    ahead = next(n for n in range(2, 12) if (clock.today() + dt.timedelta(days=n)).weekday() < 5
                 and clock.today() + dt.timedelta(days=n) not in closed)
    with session_scope(engine) as session:
        return one_slot(session, days_ahead=ahead, hour=14)


def to_day_step(page: Page, place: Place) -> None:
    click_and_wait(page, button(page, t("booking.place.choose", name=place.name)))
    expect(page.get_by_role("heading", name=t("booking.step.day"), exact=True)).to_be_visible()


def to_time_step(page: Page, engine, slot: Slot, place: Place) -> None:
    to_day_step(page, place)
    day = clock.as_paris(slot.starts_at).date()
    with Session(engine) as session:
        count = appointments.free_day_counts(session, place.id)[day]
    click_and_wait(page, button(page, t("booking.day.button", day=long_date(day), count=count)))
    expect(page.get_by_role("heading", name=t("booking.step.time"), exact=True)).to_be_visible()


def to_confirm_step(page: Page, engine, slot: Slot, place: Place) -> None:
    to_time_step(page, engine, slot, place)
    click_and_wait(page, button(page, clock.as_paris(slot.starts_at).strftime("%H:%M")))
    expect(page.get_by_role("heading", name=t("booking.step.confirm"), exact=True)).to_be_visible()
    expect(page.get_by_text(t("booking.not_yet"), exact=True)).to_be_visible()
    expect(button(page, t("booking.confirm"))).to_be_visible()


# --- personal data on screen ------------------------------------------------------------------------


def body_text(page: Page) -> str:
    return page.inner_text("body")


def without_static_texts(text: str) -> str:
    """The text minus every fixed sentence of the catalogue (the activation hint quotes D2026-0001 as
    an example: a printed example is not a leak, the same number anywhere else is)."""
    for static in STATIC_TEXTS:
        text = text.replace(static, " ").replace(html.escape(static), " ")
    return text


def input_values(page: Page) -> list[str]:
    return page.eval_on_selector_all("input, textarea", "els => els.map(e => e.value)")


def personal_data_found(page: Page, needles: list[str]) -> list[str]:
    """Which needles appear (case-insensitively) in the visible text, the HTML or a field's value."""
    haystack = "\n".join(without_static_texts(h) for h in [body_text(page), page.content(), *input_values(page)])
    haystack = haystack.casefold()
    return [needle for needle in needles if needle.casefold() in haystack]


def demo_personal_data(engine) -> list[str]:
    """Full names (both orders), dossier numbers, phones, e-mails and CAF numbers of the demo data."""
    needles: list[str] = []
    with session_scope(engine) as session:
        for person in session.exec(select(Beneficiary)):
            needles += [f"{person.first_name} {person.last_name}", f"{person.last_name} {person.first_name}",
                        person.dossier_number]
            needles += [v for v in (person.phone, person.email, person.caf_number) if v]
        for pro in session.exec(select(Professional)):
            needles += [f"{pro.first_name} {pro.last_name}", f"{pro.last_name} {pro.first_name}", pro.email]
        needles += list(session.exec(select(Goal.label))) + list(session.exec(select(Action.label)))
    return sorted(set(needles))


# --- axe-core -----------------------------------------------------------------------------------------


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page, as it reports them."""
    result = Axe().run(page, options=AXE_OPTIONS)
    assert result.response["passes"], "axe-core checked nothing"
    return result.response["violations"]


def axe_report(page: Page) -> list[str]:
    """Every violation: rule id, impact, help, and each node's selector, HTML and failure summary."""
    lines = []
    for violation in axe_violations(page):
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    target {node['target']}: {node['html'][:160]}\n      {summary[:400]}")
    return lines


# --- a focus ring that is really painted ------------------------------------------------------------

FOCUS_JS = """
() => {
  const a = document.activeElement;
  if (!a || a === document.body || a === document.documentElement) return null;
  const hidden = (el) => {
    const box = el.getBoundingClientRect();
    if (box.width <= 2 || box.height <= 2) return true;
    for (let n = el; n && n !== document.documentElement; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0') return true;
      if (cs.clipPath.startsWith('inset(50%') || (cs.clip !== 'auto' && cs.clip.startsWith('rect(0'))) return true;
    }
    return false;
  };
  const chain = [];
  for (let n = a, i = 0; n && n !== document.body && i < 6; n = n.parentElement, i++) chain.push(n);
  const label = a.closest('label');
  if (label && !chain.includes(label)) chain.push(label);
  window.__focusChain = chain;
  return chain.map((n) => {
    const cs = getComputedStyle(n);
    const box = n.getBoundingClientRect();
    return {tag: n.tagName.toLowerCase(), testid: n.getAttribute('data-testid'), hidden: hidden(n),
            outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0,
            outlineOffset: parseFloat(cs.outlineOffset) || 0, outlineColor: cs.outlineColor,
            boxShadow: cs.boxShadow,
            box: {x: box.x, y: box.y, width: box.width, height: box.height}};
  });
}
"""
CHAIN_STYLES_JS = """
() => window.__focusChain.map((n) => {
  const cs = getComputedStyle(n);
  return {outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0,
          outlineColor: cs.outlineColor, boxShadow: cs.boxShadow};
})
"""


def _style_key(style: dict) -> tuple:
    return style["outlineStyle"], style["outlineWidth"], style["outlineColor"], style["boxShadow"]


def _viewport_shot(page: Page) -> np.ndarray:
    """The viewport in CSS pixels, as relative luminance (WCAG 2.x formula)."""
    png = page.screenshot(scale="css", animations="disabled", caret="initial")
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.float64) / 255.0
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def _ring_pixels_changed(focused: np.ndarray, blurred: np.ndarray, box: dict) -> tuple[int, int]:
    """Pixels whose colour changes with focus by a contrast of at least 3:1 (WCAG 1.4.11 / 2.4.13) in a
    band from 4 px inside to 6 px outside `box` (CSS pixels, clipped to the viewport), and the count a
    2 px ring all around the box would give."""
    height, width = focused.shape
    lighter, darker = np.maximum(focused, blurred), np.minimum(focused, blurred)
    changed = (lighter + 0.05) / (darker + 0.05) >= 3.0
    x0, y0 = box["x"], box["y"]
    x1, y1 = x0 + box["width"], y0 + box["height"]
    ys, xs = np.mgrid[0:height, 0:width]
    outer = (xs >= x0 - 6) & (xs < x1 + 6) & (ys >= y0 - 6) & (ys < y1 + 6)
    inner = (xs >= x0 + 4) & (xs < x1 - 4) & (ys >= y0 + 4) & (ys < y1 - 4)
    visible_w = max(0.0, min(x1, width) - max(x0, 0))
    visible_h = max(0.0, min(y1, height) - max(y0, 0))
    return int((changed & outer & ~inner).sum()), int(2 * 2 * (visible_w + visible_h))


def focus_ring_problems(page: Page, max_stops: int = 25) -> tuple[list[str], list[str]]:
    """Tab through the page from where focus is: (the stops, the stops whose ring is not painted)."""
    stops: list[str] = []
    problems: list[str] = []
    for _ in range(max_stops):
        page.keyboard.press("Tab")
        page.wait_for_timeout(250)
        chain = page.evaluate(FOCUS_JS)
        if chain is None:
            break
        described = f"{chain[0]['tag']}[{chain[0]['testid'] or ''}]"
        if stops and described == stops[0]:
            break  # back to the first stop: the cycle is complete
        stops.append(described)
        focused = _viewport_shot(page)
        page.evaluate("window.__focused = document.activeElement; document.activeElement.blur()")
        page.wait_for_timeout(250)
        blurred = _viewport_shot(page)
        blurred_styles = page.evaluate(CHAIN_STYLES_JS)
        page.evaluate("window.__focused.focus()")  # carry on tabbing from here
        carrier = None
        for node, before in zip(chain, blurred_styles, strict=True):
            if node["hidden"]:
                continue
            ring = (node["outlineStyle"] != "none" and node["outlineWidth"] >= 2) or node["boxShadow"] != "none"
            if ring and _style_key(node) != _style_key(before):
                carrier = node
                break
        if carrier is None:
            problems.append(f"{described}: no visible element gets an outline >= 2 px or a box-shadow on focus")
            continue
        changed, expected = _ring_pixels_changed(focused, blurred, carrier["box"])
        if changed < expected:
            problems.append(f"{described}: ring on {carrier['tag']}[{carrier['testid'] or ''}] "
                            f"({carrier['outlineWidth']} px {carrier['outlineStyle']}, offset "
                            f"{carrier['outlineOffset']} px) — only {changed} pixels change along its edge on "
                            f"screen, {expected} expected")
    return stops, problems


NO_HORIZONTAL_SCROLL_JS = "() => document.documentElement.scrollWidth - window.innerWidth"


def checked(page: Page, where: str, language: str = "fr") -> list[str]:
    """Everything asked of a page at every size, as a list of problems (empty: all good): axe WCAG 2.1
    A/AA, the page's `lang` and `dir` for `language`, no sideways scrolling, every target at least
    MIN_TARGET px, no missing-key marker (« ⟦ », on the servers that show them)."""
    wait_idle(page)
    problems = [f"{where}: axe {line}" for line in axe_report(page)]
    lang, direction = page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
    want = "rtl" if i18n.right_to_left(language) else "ltr"
    if (lang, direction or "ltr") != (language, want):
        problems.append(f"{where}: lang={lang!r} dir={direction!r}, expected {language!r} {want!r}")
    overflow = page.evaluate(NO_HORIZONTAL_SCROLL_JS)
    if overflow > 0:
        problems.append(f"{where}: scrolls sideways by {overflow} px")
    small = [f"{x['tag']} «{x['name']}» {x['width']:.0f}x{x['height']:.0f}"
             for x in page.evaluate(TARGETS_JS, MIN_TARGET) if x["small"] and not x["inline"]]
    if small:
        problems.append(f"{where}: targets under {MIN_TARGET} px: {small}")
    text = page.inner_text("body")
    if "⟦" in text:
        problems.append(f"{where}: missing keys {[line for line in text.splitlines() if '⟦' in line]}")
    return problems


# The person's pages: menu label -> title. Checked against the app's menu below.
PERSON_PAGES = {
    "nav.home": None,  # "Bonjour <name>"
    "nav.roadmap": "roadmap.title",
    "nav.situation": "diagnostic.title",
    "nav.history": "history.title",
    "nav.services": "services.title",
    "nav.booking": "booking.title",
    "nav.sharing": "sharing.title",
    "nav.consulted": "consulted.title",
    "nav.export": "export.title",
    "nav.devices": "devices.title",
    "nav.accessibility": "accessibility.title",
}
