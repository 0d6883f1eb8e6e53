"""The built site served on 127.0.0.1 as GitHub Pages serves it: gzip for text, a short cache
time, 404.html for a missing page. For `invoke audit` (Lighthouse), the bench's browser
measures and the link checker's test; a thread serves it until server.shutdown()."""
from __future__ import annotations

import gzip
import io
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# What GitHub Pages compresses; images and fonts are sent as they are.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml",
                    "application/geo+json", "image/svg+xml", "application/atom+xml")


class PagesLikeHandler(SimpleHTTPRequestHandler):
    """output/ as GitHub Pages serves it: gzip for text, max-age=600, 404.html when missing."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
            if not path.is_file():
                return super().send_head()
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        headers = {"Content-Type": kind, "Cache-Control": "max-age=600"}
        if kind.startswith(COMPRESSED_TYPES) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)  # do_GET copies it out and closes it

    def log_message(self, *args):
        pass


def start_server(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(PagesLikeHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
