"""Many concurrent Streamlit sessions over websockets, without browsers.

Each session speaks Streamlit's own protocol (protobuf `BackMsg` up, `ForwardMsg` down on
`/_stcore/stream`) as the browser does: it asks for the sign-in page, fills in the form it received
(widget ids are read from the elements the server sent) and submits it, then asks for reruns of the
page it lands on. A rerun's latency is the time from the `rerun_script` message to the server's
`script_finished`, i.e. what a user waits for on loopback, the browser's drawing aside.

Fifty headless browsers would measure the browsers on two cores; this measures the server.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

from dossier.labels import t

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class ProtocolError(RuntimeError):
    """The server answered something a browser would not expect (an error, an unfinished run)."""


@dataclass
class Session:
    """One browser tab's conversation with the server."""

    url: str
    page_hash: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # url path ("" for the default) -> script hash
    widgets: list = field(default_factory=list)  # elements of the last run: (kind, proto)
    texts: list[str] = field(default_factory=list)  # the markdown, headings and alerts of the last run
    _socket: object = None

    async def open(self) -> None:
        ws_url = self.url.replace("http://", "ws://") + "/_stcore/stream"
        self._socket = await connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=30)

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()

    async def rerun(self, *, page_name: str = "", widget_states: list[WidgetState] = ()) -> float:
        """One rerun of the current page (or of `page_name` when first opening a URL); its latency in ms."""
        message = BackMsg()
        state = message.rerun_script
        state.page_script_hash = self.page_hash
        state.page_name = page_name
        state.widget_states.widgets.extend(widget_states)
        self.widgets, self.texts = [], []
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await self._socket.recv())
            kind = forward.WhichOneof("type")
            if kind == "navigation":
                self.page_hash = forward.navigation.page_script_hash
                self.pages = {p.url_pathname: p.page_script_hash for p in forward.navigation.app_pages}
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                self._keep(forward.delta.new_element)
            elif kind == "script_finished":
                if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    self.widgets, self.texts = [], []  # the page switched (st.switch_page): its run follows
                    continue
                if forward.script_finished not in FINISHED:
                    raise ProtocolError(f"run ended with status {forward.script_finished}")
                return (time.perf_counter() - started) * 1000

    def _keep(self, element) -> None:
        kind = element.WhichOneof("type")
        if kind in ("text_input", "button", "radio"):
            self.widgets.append((kind, getattr(element, kind)))
        elif kind == "markdown":
            self.texts.append(element.markdown.body)
        elif kind == "heading":
            self.texts.append(element.heading.body)
        elif kind == "alert":
            self.texts.append(element.alert.body)
        elif kind == "exception":
            raise ProtocolError("the page raised an exception")

    def widget_id(self, kind: str, label: str) -> str:
        for widget_kind, proto in self.widgets:
            if widget_kind == kind and proto.label == label:
                return proto.id
        raise ProtocolError(f"no {kind} labelled {label!r} on the page")

    async def sign_in_person(self, identifier: str, code: str) -> None:
        """Open /connexion, fill in the person's form and submit it, as a browser would."""
        await self.rerun(page_name="connexion")
        states = [WidgetState(id=self.widget_id("text_input", t("signin.identifier")), string_value=identifier),
                  WidgetState(id=self.widget_id("text_input", t("signin.code")), string_value=code),
                  WidgetState(id=self.widget_id("button", t("signin.submit")), trigger_value=True)]
        await self.rerun(widget_states=states)
        if t("signin.title") in self.texts:
            raise ProtocolError(f"sign-in refused: {self.texts}")

    async def go_to(self, url_path: str) -> float:
        """Follow a menu link: rerun with another page's script hash ("" is the home page)."""
        self.page_hash = self.pages[url_path]
        return await self.rerun()


def rss_kib(pid: int) -> int:
    """Resident memory of a process (Linux /proc), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS line")


@dataclass
class Measure:
    latencies_ms: list[float]
    rss_per_session_kib: float  # (peak while the sessions run − before they signed in) / sessions
    sessions: int


async def _run_sessions(url: str, server_pid: int, identifiers: list[str], code: str, url_path: str,
                        reruns: int, think_s: float) -> Measure:
    """Sign `identifiers` in (one session each) and open `url_path`; then every session reruns it
    `reruns` times, all at once, each waiting `think_s` between its reruns (a person reading)."""
    warm = Session(url)  # the first session pays for imports and caches: not a per-session cost
    await warm.open()
    await warm.sign_in_person(identifiers[0], code)
    await warm.go_to(url_path)
    await warm.close()
    before = rss_kib(server_pid)
    sessions = [Session(url) for _ in identifiers]
    signing_in = asyncio.Semaphore(4)  # sign-ins hash with Argon2: a bounded queue, as at a morning rush

    async def sign_in(session: Session, identifier: str) -> None:
        async with signing_in:
            await session.open()
            await session.sign_in_person(identifier, code)
            await session.go_to(url_path)

    await asyncio.gather(*(sign_in(s, i) for s, i in zip(sessions, identifiers, strict=True)))
    peak = rss_kib(server_pid)
    latencies: list[float] = []
    running = True

    async def sample_memory() -> None:
        nonlocal peak
        while running:
            peak = max(peak, rss_kib(server_pid))
            await asyncio.sleep(0.25)

    async def reread(session: Session, offset: float) -> None:
        await asyncio.sleep(offset)  # spread the starts over one think time
        for _ in range(reruns):
            latencies.append(await session.rerun())
            await asyncio.sleep(think_s)

    sampler = asyncio.create_task(sample_memory())
    await asyncio.gather(*(reread(s, i * think_s / len(sessions)) for i, s in enumerate(sessions)))
    running = False
    await sampler
    await asyncio.gather(*(s.close() for s in sessions))
    return Measure(latencies, (peak - before) / len(sessions), len(sessions))


def measure(url: str, server_pid: int, identifiers: list[str], code: str, url_path: str,
            reruns: int = 10, think_s: float = 5.0) -> Measure:
    return asyncio.run(_run_sessions(url, server_pid, identifiers, code, url_path, reruns, think_s))
