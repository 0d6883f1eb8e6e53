"""Fixtures shared by the build and browser tests: each site is built once per test run.

pytest.ini puts plugins/ on sys.path, as tasks.py does for the real build, so the tests import
landhub_spaces from the same place Pelican does.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import site_helpers
from untrusted import UNTRUSTED_DESCRIPTION, UNTRUSTED_NAME, write_untrusted_site


@pytest.fixture(autouse=True)
def _locale_unchanged():
    """A test that runs Pelican in this process (LOCALE "C", ASCII) must not leave the tests
    after it decoding subprocess output as ASCII."""
    with site_helpers.kept_locale():
        yield


@pytest.fixture
def two_cores(monkeypatch):
    """Two usable cores, whatever the machine has: the children a build starts beside its work
    (validation keys and cache save, export pieces, map scripts) run on one core too, only
    slower, so their tests say so rather than skip on a one-core CI machine."""
    from landhub_maps import script_cache
    from landhub_spaces import generator, render_pool, validation

    # validation_cache asks render_pool.forks(), which reads render_pool.cores
    for module, name in ((render_pool, "cores"), (generator, "cores"), (script_cache, "cores"),
                         (validation, "usable_cores")):
        monkeypatch.setattr(module, name, lambda: 2)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real project (content/, spaces/, theme/) built with pelicanconf.py into a tmp folder."""
    output = tmp_path_factory.mktemp("real-site") / "output"
    code = site_helpers.build(output)
    assert code == 0, "the real site does not build; run `invoke build` to see why"
    return output


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The real project built with publishconf.py, as `invoke publish` does for the public site."""
    output = tmp_path_factory.mktemp("published-site") / "output"
    code = site_helpers.build(output, settings_file=site_helpers.PUBLISH_SETTINGS_FILE)
    assert code == 0, "the site does not build with publishconf.py"
    return output


@pytest.fixture(scope="session")
def untrusted_site(tmp_path_factory) -> site_helpers.SyntheticSite:
    """A small site whose one space file is written like an attack (see untrusted.py)."""
    site = write_untrusted_site(tmp_path_factory.mktemp("untrusted-site"))
    code = site.build()
    assert code == 0, "a space file with hostile text must still build (shown as text)"
    return site


@pytest.fixture(scope="session")
def xss_site(tmp_path_factory):
    """A site with each payload of xss_payloads.py in every text field of a space and a story."""
    from xss_payloads import build_xss_site, write_xss_site

    made = write_xss_site(tmp_path_factory.mktemp("xss-site"))
    assert build_xss_site(made) == 0, "the payloads the validator accepts must build (shown as text)"
    return made


@pytest.fixture(scope="session")
def untrusted_text() -> dict:
    return {"name": UNTRUSTED_NAME, "description": UNTRUSTED_DESCRIPTION}


def pytest_report_header(config):
    return f"landhub: sites are built from {site_helpers.ROOT}"


SUITES = ("unit", "build", "browser")
TESTS = Path(__file__).resolve().parent


def pytest_collection_finish(session):
    """A full run (no paths, no -k or -m) must hold tests from each suite: a folder that is
    silently not collected (pytest skips folders named "build" by default) hides its failures."""
    config = session.config
    if (config.args_source != pytest.Config.ArgsSource.TESTPATHS
            or config.option.keyword or config.option.markexpr):
        return
    ignored = {Path(p).resolve() for p in config.getoption("ignore") or []}
    found = {Path(item.path).resolve().relative_to(TESTS).parts[0] for item in session.items}
    missing = [s for s in SUITES if (TESTS / s) not in ignored and s not in found]
    if missing:
        raise pytest.UsageError("no tests were collected from " + ", ".join(
            f"tests/{s}/" for s in missing) + "; check testpaths and norecursedirs in pytest.ini")


# A skipped test hides what it was meant to check (a missing browser, a missing package):
# the run fails instead, and says which tests were skipped and why.
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped:
        terminalreporter.write_sep("=", "skipped tests fail the run: install what they need",
                                   red=True)
        for report in skipped:
            terminalreporter.write_line(f"{report.nodeid}: {report.longrepr[-1]}")


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter and reporter.stats.get("skipped") and exitstatus == 0:
        session.exitstatus = 1
