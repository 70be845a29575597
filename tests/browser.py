"""Real-browser test support: a Streamlit server in a subprocess, Debian Chromium through Playwright,
and a wait for the end of each Streamlit rerun.

The server reads the same database as the tests (DATABASE_URL, set by tests/conftest.py) and uses the
same pepper, so data seeded by a fixture is what the browser sees.
"""

from __future__ import annotations

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

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "fr-FR"}
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
    """`streamlit run app.py` on a free port; yields once /_stcore/health answers "ok", stops it after.

    Output goes to a temporary file (an undrained pipe can make Streamlit ignore SIGTERM)."""
    port = free_port()
    env = dict(os.environ)
    env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    env["DOSSIER_PEPPER"] = os.environ["DOSSIER_PEPPER"]
    env.pop("DOSSIER_KIOSK", None)
    env.update(settings or {})  # e.g. short idle timeouts for the idle test's own server
    log_file = tempfile.NamedTemporaryFile(prefix="streamlit-", suffix=".log", delete=False)
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
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
    from dossier.labels import t

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
