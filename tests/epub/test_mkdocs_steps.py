"""The MkDocs steps ``kbpress epub`` replays are MkDocs's own, in MkDocs's order.

:mod:`kbpress.plugins.mkdocssteps` repeats part of the private
``mkdocs.commands.build.build`` and calls its private ``_populate_page``.
An upgrade of MkDocs that moves either must fail here, not in a volume
whose chapters quietly differ from the portal.
"""

from __future__ import annotations

import inspect
from importlib import metadata

from mkdocs.commands import build as mkdocs_build

from kbpress.plugins import mkdocssteps


def test_mkdocs_is_the_version_the_steps_were_checked_against():
    assert metadata.version("mkdocs") == mkdocssteps.PINNED_MKDOCS


def test_the_replayed_steps_are_mkdocs_build_steps_in_the_same_order():
    source = inspect.getsource(mkdocs_build.build)
    places = [source.find(step) for step in mkdocssteps.REPLAYED_STEPS]
    assert len(places) == len(mkdocssteps.REPLAYED_STEPS) == 7
    assert all(place >= 0 for place in places), dict(zip(mkdocssteps.REPLAYED_STEPS, places))
    assert places == sorted(places)
    # Nothing between the navigation and the page rendering that the replay would miss.
    between = source[places[-1]:source.find("_populate_page(")]
    assert "config.plugins." not in between.split("\n", 1)[1]


def test_populate_page_takes_the_arguments_render_page_passes():
    parameters = list(inspect.signature(mkdocs_build._populate_page).parameters)
    assert parameters[:3] == ["page", "config", "files"]
    assert "_populate_page(file.page, config, files)" in inspect.getsource(mkdocssteps.render_page)


def test_load_site_replays_each_step_it_names():
    replay = inspect.getsource(mkdocssteps.load_site)
    for call in ("on_startup(", "on_config(", "get_files(", "add_files_from_theme(", "on_files(", "set_exclusions(",
                 "get_navigation(", "on_nav("):
        assert call in replay, call
