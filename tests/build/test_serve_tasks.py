"""The README's first command: `make serve` (invoke livereload), and `invoke serve`, build the
site and then go on serving it. (`invoke build` ends its process once the build is done, so a
serving task must not build through it.)"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request

import pytest

from project_copy import INVOKE, ROOT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("task", ["livereload", "serve"])
def test_the_serving_tasks_serve_the_built_site(tmp_path, task):
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("plugins", "spaces", "theme", "content"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    port = _free_port()
    process = subprocess.Popen([str(INVOKE), task, "--port", str(port)], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        page = None
        while page is None and time.monotonic() < deadline:
            assert process.poll() is None, f"invoke {task} ended instead of serving:\n{process.stdout.read()}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    page = answer.read().decode("utf-8")
            except OSError:
                time.sleep(0.5)
        assert page is not None, f"invoke {task} served nothing on port {port} within 120 s"
        assert "<title>" in page and "Landhub" in page
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
