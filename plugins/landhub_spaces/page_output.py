"""Write many pages of one template as Pelican's Writer.write_file would, byte for byte, but
without its per-page overhead, on every core (render_pool.py) and through the render cache
(render_cache.py) when one is given.

What Writer.write_file does for a page with RELATIVE_URLS off and no pagination, and so what
this does: a copy of the context with `output_file` (the save_as), `localsiteurl` (the
context's, None here) and the page's own variables; template.render(); the text written as
UTF-8 to sanitised_join(output, save_as). Its `url=` argument is only for pagination and never
reaches the template. Not repeated here: the content_written signal (no plugin of this site
listens to it) and the "Writing ..." info lines.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from pelican.utils import posixize_path
from pelican.writers import FileOverwriteFailedError

from .render_cache import RenderCache, page_digest, replace_file
from .render_pool import run_jobs


@dataclass
class PageJob:
    save_as: str
    variables: dict  # what the template gets besides the context: space=..., page_name=...
    # Plain values naming everything the page reads besides the build's set-up (see
    # render_cache.py); None: never cached, always rendered.
    inputs: tuple | None = None
    target: str | None = field(default=None, repr=False)
    key: str | None = field(default=None, repr=False)


def page_context(context: dict, save_as: str, variables: dict) -> dict:
    """The template's context, as Writer.write_file makes it (writers.py _get_localcontext)."""
    local = context.copy()
    local["localsiteurl"] = local.get("localsiteurl", None)
    local["output_file"] = save_as
    local.update(variables)
    return local


def page_renderer(template, context: dict):
    """A function (save_as, variables) -> the page's text: template.render(page_context(...)),
    the same Context and text, with the dict copies that are the same on every page made once.
    Template.render copies its argument and merges it over the template's globals (two copies
    of the whole Pelican context, about 250 names, on top of page_context's own): here the
    globals and the context are merged once, and each page copies that once and adds its own."""
    if template.environment.is_async:  # render() runs it in its own event loop: left to it
        return lambda save_as, variables: template.render(page_context(context, save_as, variables))
    merged = dict(template.globals)  # Jinja's order: the globals, then the page's variables
    merged.update(page_context(context, "", {}))  # output_file: each page's, set in this place
    environment, new_context, root = template.environment, template.new_context, template.root_render_func

    def render(save_as: str, variables: dict) -> str:
        local = merged.copy()
        local["output_file"] = save_as
        local.update(variables)
        # Template.render's own steps on a context it already owns (shared: not copied again).
        try:
            return environment.concat(root(new_context(local, shared=True)))
        except Exception:  # noqa: BLE001 - Jinja's traceback naming the template line, as render() does
            environment.handle_exception()

    return render


def write_pages(writer, template, context: dict, jobs: list[PageJob],
                cache: RenderCache | None = None, processes: int | None = None,
                kept: dict[str, int] | None = None) -> int:
    """Write every job's page; returns how many were rendered (the rest came from the cache).
    `kept`: {save_as: inode} of the pages kept from the spare output (staging.reuse_folder)."""
    # sanitised_join's rule (the page stays inside the output), with the base made once.
    base = posixize_path(os.path.abspath(writer.output_path))
    written = writer._written_files
    prefix = base + "/" if base != "/" else None
    for job in jobs:
        save_as = job.save_as
        if prefix is not None and _plain_relative(save_as):
            target = prefix + save_as  # what abspath(join(base, save_as)) gives for it
        else:
            target = posixize_path(os.path.abspath(os.path.join(base, save_as)))
            if not target.startswith(base):
                raise RuntimeError(f"Attempted to break out of output directory to {target}")
        job.target = target
        # The Writer's own guard: two pages with one file name stop the build, whoever wrote first.
        if target in written:
            raise FileOverwriteFailedError(f'Failed to overwrite "{target}" as Pelican has already '
                                           "written to it previously")
        written.add(target)
    kept = kept or {}
    stored: dict[str, int] = {}
    same_device = False
    if cache is not None and jobs:
        stored = cache.entries()
        same_device = bool(kept) and cache.device() == os.stat(base).st_dev
    folders: set[str] = set()
    todo = []
    for index, job in enumerate(jobs):
        if cache is not None and job.inputs is not None:
            job.key = cache.key(page_digest(template.name, job.save_as, job.inputs))
            cache.used.add(job.key)  # placed here, or stored by whichever process renders it
            inode = stored.get(job.key)
            if inode is not None:
                old = kept.get(job.save_as) if same_device else None
                if old == inode:
                    continue  # kept from the spare output, and already this entry: nothing to do
                if old is not None:  # kept, and another file (maybe another entry): replaced
                    if cache.relink(job.key, job.target):
                        continue
                else:
                    if job.save_as not in kept:
                        _make_folder(os.path.dirname(job.target), folders)
                    if cache.place(job.key, job.target):
                        continue
        todo.append(index)

    render_page = page_renderer(template, context)

    def render(index: int) -> None:
        job = jobs[index]
        text = render_page(job.save_as, job.variables)
        # Made here, in whichever process renders the page: on a first build the 10,000
        # folders are shared between the cores. A folder just made holds nothing to replace.
        fresh = job.save_as not in kept and _make_folder(os.path.dirname(job.target))
        if job.key is not None:
            cache.write(job.key, text, job.target, fresh=fresh)
            return
        replace_file(job.target, text, fresh=fresh)  # a page kept from the spare output is not written into

    # The templates are fixed for this build (the render cache's key read them already): not
    # checked on disk again for every page's extends, import and include (three stats a page).
    environment = template.environment
    auto_reload, environment.auto_reload = environment.auto_reload, False
    try:
        run_jobs(render, todo, processes)
    finally:
        environment.auto_reload = auto_reload
    return len(todo)


def _plain_relative(save_as: str) -> bool:
    """A path abspath leaves as it is once joined to a base: relative, no empty, `.` or `..`
    part, no trailing slash (spaces/x/index.html). Others take the Writer's own way."""
    return (os.sep == "/" and save_as != "" and save_as[0] != "/" and save_as[-1] != "/"
            and "//" not in save_as and "/." not in "/" + save_as)


def _make_folder(folder: str, made: set[str] | None = None) -> bool:
    """os.makedirs, with one system call for the usual case (the parent is there): at 10,000
    pages the folders are most of a first build's writing. True when this call made it (so
    it is empty); `made` remembers the folders seen, to skip asking again."""
    if made is not None:
        if folder in made:
            return False
        made.add(folder)
    try:
        os.mkdir(folder)
        return True
    except FileExistsError:
        return False
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        return False
