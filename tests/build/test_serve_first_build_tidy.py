"""make serve's first build tidies after itself (build.py): no search thread does it then (the
first build indexes before publishing), so the editor's first rebuild no longer starts by
collecting and freezing the first build's heap (0.2 to 0.4 s at 10,000 spaces)."""
from __future__ import annotations


from landhub_spaces import build as build_module
from landhub_spaces import heap
from landhub_spaces.build import build_site
from site_helpers import SETTINGS_FILE, kept_locale
from test_output_spare import site  # noqa: F401 - the fixture


def test_the_first_serve_build_ends_tidied_and_the_next_does_not_tidy_first(site, tmp_path, monkeypatch):  # noqa: F811
    from pelican.contents import Content

    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    code = build_module.plugin_code_digest()
    tidies = []
    real = build_module.tidy_after_build
    monkeypatch.setattr(build_module, "tidy_after_build", lambda: (tidies.append(len(tidies)), real()))
    try:
        with kept_locale():
            build_module._tidy.done = False
            assert build_site(str(SETTINGS_FILE), str(tmp_path / "out"), site.overrides(), code_started=code) == 0
            assert build_module._tidy.done and len(tidies) == 2  # before (none done yet) and after
            assert not getattr(Content.__dict__["get_content"], "cache", {})  # the build let go
            assert build_site(str(SETTINGS_FILE), str(tmp_path / "out"), site.overrides(), code_started=code) == 0
            assert len(tidies) == 3  # only after it: nothing to tidy before
    finally:
        heap.thaw()
