"""cached_pieces given each space's URL already (wanted=, made by the build's main process
before it forks the exports): the same pieces as when it reads them off the Spaces, and a
kept piece whose URL is not the wanted one is made again."""
from __future__ import annotations

from landhub_spaces.export_cache import cached_pieces
from landhub_spaces.exports import pieces_of

from unit.test_exports_cache import keys_of, space, urls_of


def test_wanted_urls_give_the_pieces_read_off_the_spaces(tmp_path):
    spaces = [space(n) for n in range(30)]
    urls = urls_of(spaces)
    keys = keys_of(spaces, urls)
    cached_pieces(spaces, urls, keys, tmp_path)  # the whole set stored
    edited = [space(n, name=f"Nyt {n}") if n == 4 else space(n) for n in range(30)]
    keys = keys_of(edited, urls)
    wanted = [urls[s.slug] for s in edited]
    assert cached_pieces(edited, urls, keys, tmp_path, wanted=wanted) == pieces_of(edited, urls)


def test_with_wanted_urls_only_the_spaces_whose_pieces_are_made_are_read(tmp_path):
    spaces = [space(n) for n in range(30)]
    urls = urls_of(spaces)
    cached_pieces(spaces, urls, keys_of(spaces, urls), tmp_path)
    edited = [space(n, name=f"Nyt {n}") if n == 4 else space(n) for n in range(30)]
    keys = keys_of(edited, urls)
    wanted = [urls[s.slug] for s in edited]
    # None where the piece is kept: reading that Space (as a forked child would, copying its
    # memory page from the parent) would raise
    only_edited = [s if n == 4 else None for n, s in enumerate(edited)]
    assert cached_pieces(only_edited, urls, keys, tmp_path, wanted=wanted) == pieces_of(edited, urls)


def test_a_kept_piece_with_another_url_than_the_wanted_one_is_made_again(tmp_path):
    spaces = [space(n) for n in range(30)]
    urls = urls_of(spaces)
    keys = keys_of(spaces, urls)  # the same keys below: only the URL differs
    cached_pieces(spaces, urls, keys, tmp_path)
    moved = {slug: url.replace("/spaces/", "/steder/") for slug, url in urls.items()}
    wanted = [moved[s.slug] for s in spaces]
    assert cached_pieces(spaces, moved, keys, tmp_path, wanted=wanted) == pieces_of(spaces, moved)
