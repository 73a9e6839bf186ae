"""A chat-completions endpoint on 127.0.0.1 for the generative-mode tests: a real
ThreadingHTTPServer whose reply each test scripts, so everything on our side runs for real."""
from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from assistant.settings import Settings


class Server:
    """A chat-completions endpoint on 127.0.0.1 whose answer is `reply(request) -> content | (status, body)`."""

    def __init__(self):
        self.requests: list[dict] = []
        self.reply = lambda request: "The papers don't say."
        self.release = threading.Event()  # lets a deliberately slow reply finish at teardown
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                request = {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
                server.requests.append(request)
                out = server.reply(request)
                status, payload = out if isinstance(out, tuple) else (200, completion(out))
                data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (the timeout test)
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def settings(self, url: str | None = None, key: str | None = None) -> Settings:
        return Settings(llm_url=url or f"{self.base}/v1", llm_model="test-model", llm_key=key)

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def completion(content: str) -> dict:
    return {"id": "chatcmpl-1", "object": "chat.completion", "model": "test-model",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}


def passages_sent(request: dict) -> dict[int, str]:
    """The passages as the server received them, by number."""
    user = request["body"]["messages"][-1]["content"]
    return {int(n): text.strip() for n, text in re.findall(r'<passage n="(\d+)"[^>]*>(.*?)</passage>', user, re.S)}
