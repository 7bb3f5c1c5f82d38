"""A real OpenAI-compatible chat-completions server on 127.0.0.1 for the summary tests.

``POST /v1/chat/completions`` answers according to ``server.mode``:

* ``good``: a summary built from the prompt's ``- sentence [n]`` lines (the first two, each
  kept with its citations), or, for a translation request, the JSON it asks for with every
  string tagged ``[es]``/``[en]``;
* ``500``: HTTP 500; ``garbage``: a 200 whose body is not JSON;
* ``slow``: answers after ``slow_s`` seconds; ``uncited``: a reply without citations;
* ``bad-translation``: summaries as ``good`` but translations with one sentence missing.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_LINE = re.compile(r"^- (.*?)\s*((?:\[\d+\])+)\s*$")


@dataclass
class ChatServer:
    base_url: str = ""
    mode: str = "good"
    slow_s: float = 1.5
    requests: list[dict[str, Any]] = field(default_factory=list)
    auth_headers: list[str | None] = field(default_factory=list)


def _summary_reply(prompt: str) -> str:
    picked = [m for m in (_LINE.match(line) for line in prompt.splitlines()) if m]
    out = []
    for m in picked[:2]:
        words = m.group(1).rstrip(".").split()
        out.append(" ".join(words[:12]) + " " + m.group(2) + ".")
    return "\n".join(out)


def _translation_reply(prompt: str, drop_one: bool) -> str:
    data = json.loads(prompt[prompt.index("{") :])
    target = "es" if "into Spanish" in prompt else "en"
    sentences = [f"[{target}] {s}" for s in data["sentences"]]
    if drop_one:
        sentences = sentences[:-1]
    body = json.dumps({"title": f"[{target}] {data['title']}", "sentences": sentences})
    return f"```json\n{body}\n```"


@contextmanager
def chat_server() -> Iterator[ChatServer]:
    state = ChatServer()

    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # the client may have given up waiting (the "slow" mode): nothing to do then
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length", "0"))
            payload = json.loads(self.rfile.read(length))
            state.requests.append(payload)
            state.auth_headers.append(self.headers.get("Authorization"))
            if self.path != "/v1/chat/completions":
                self._send(404, b'{"error": "not found"}')
                return
            mode = state.mode
            if mode == "500":
                self._send(500, b'{"error": "internal"}')
                return
            if mode == "garbage":
                self._send(200, b"<html>definitely not json", "text/html")
                return
            if mode == "slow":
                time.sleep(state.slow_s)
            prompt = payload["messages"][-1]["content"]
            system = payload["messages"][0]["content"]
            if "translator" in system:
                content = _translation_reply(prompt, drop_one=mode == "bad-translation")
            elif mode == "uncited":
                content = "The story happened. Nobody knows why."
            else:
                content = _summary_reply(prompt)
            reply = {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "model": payload.get("model"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}],
            }
            self._send(200, json.dumps(reply).encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
