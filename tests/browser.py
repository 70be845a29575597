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
def streamlit_server(timeout: float = 60.0) -> Iterator[Server]:
    """`streamlit run app.py` on a free port; yields once /_stcore/health answers "ok", stops it after.

    Output goes to a temporary file (an undrained pipe can make Streamlit ignore SIGTERM)."""
    port = free_port()
    env = dict(os.environ)
    env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    env["DOSSIER_PEPPER"] = os.environ["DOSSIER_PEPPER"]
    env.pop("DOSSIER_KIOSK", None)
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
