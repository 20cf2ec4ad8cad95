"""Bench projects: each corpus as a full kbpress project and a plain MkDocs baseline.

Both projects hold the same pages, theme, Markdown extensions and nav size:

* ``full/``: the repository's kbpress plugins (with their options; the
  project mirrors the repository's layout), the bench taxonomy, feed
  definitions and a guidebook manifest;
* ``base/``: plain MkDocs + Material with its search, and the section index
  pages kbpress would generate written as ordinary Markdown files listed
  in ``nav``, so the navigation Material renders into every page is as big.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from corpus import REPO, Corpus, generate_raw, taxonomy_yaml, write_mapped_docs

EPUB_CHAPTERS = 1000
EPUB_ONLY_CONFIG = "mkdocs-epub.yml"  # the standalone EPUB build
FEEDS = {
    "topics": {"title": "ベンチ保管庫 トピックス", "description": "すべてのトピックスです。", "limit": 30, "content": "full"},
    "ransomware": {"title": "ベンチ保管庫 ランサムウェア", "description": "ランサムウェアのトピックスです。",
                   "tags": ["ransomware"], "limit": 20, "content": "summary"},
}
# Top-level keys of the repository's mkdocs.yml copied verbatim into both projects.
SHARED_KEYS = ("theme", "validation", "markdown_extensions")
BASELINE_PLUGINS = [{"search": {"lang": "ja"}}]  # a plain site's search index, as the full build has one
MATERIAL_SEARCH = ("search", "material/search")
OUTPUT_PLUGINS = ("kbpress", "kbpress-feeds", "kbpress-epub", "kbpress-cards", "kbpress-search")
FULL_NAV = [{"ホーム": "index.md"}, {"解説記事": "categories/index.md"}, {"トピックス": "topics/index.md"},
            {"更新情報": "updates.md"}, {"タグ一覧": "tags/index.md"}]


@dataclass(frozen=True)
class BenchProjects:
    full: Path
    base: Path
    corpus: Corpus
    plugins: tuple[str, ...] = ()  # of the full build, in order
    missing_plugins: tuple[str, ...] = ()  # wanted but not importable yet

    def article_source(self, index: int) -> str:
        return f"articles/{index:04d}.md"


def guidebook_yaml(chapters: list[str]) -> str:
    return yaml.safe_dump(
        {"title": "ベンチマーク用ガイドブック", "volume": 1, "description": "1,000 章のベンチマーク用の巻です。",
         "chapters": chapters},
        allow_unicode=True, sort_keys=False,
    )


def repo_blocks(mkdocs_yml: Path) -> dict[str, str]:
    """Top-level blocks of a mkdocs.yml as text (their !!python tags stay intact)."""
    blocks: dict[str, str] = {}
    current = None
    for line in mkdocs_yml.read_text(encoding="utf-8").splitlines(keepends=True):
        key = re.match(r"^([A-Za-z_][\w-]*):", line)
        if key:
            current = key.group(1)
            blocks[current] = ""
        if current:
            blocks[current] += line
    return blocks


def mkdocs_yml(blocks: dict[str, str], nav: list, plugins_block: str) -> str:
    head = {
        "site_name": "ベンチ保管庫",
        "site_description": "kbpress のベンチマーク用プロジェクトです。",
        "site_author": "ベンチマーク支援センター",
        "site_url": "https://bench.example.jp/",
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": True,
        "strict": True,
        "nav": nav,
    }
    text = yaml.safe_dump(head, allow_unicode=True, sort_keys=False)
    return text + "".join(blocks[key] for key in SHARED_KEYS if key in blocks) + plugins_block


def full_plugins(blocks: dict[str, str]) -> tuple[list, list[str]]:
    """The repository's plugins with its own options, plus any kbpress output it lacks.

    The bench project mirrors the repository's layout (taxonomy.yml,
    feeds/, guidebook/), so the options carry over unchanged. Plugins whose
    code is not importable yet are left out and reported.
    """
    listed = yaml.safe_load(blocks["plugins"])["plugins"]
    listed += [name for name in OUTPUT_PLUGINS if name not in map(plugin_name, listed)]
    available = [item for item in listed if _importable(plugin_name(item))]
    missing = [plugin_name(item) for item in listed if item not in available]
    if "kbpress-search" in map(plugin_name, available):  # it replaces Material's search
        available = [item for item in available if plugin_name(item) not in MATERIAL_SEARCH]
    return available, missing


def epub_only_plugins(plugins: list) -> list:
    """The content plugin (writing nothing) and the EPUB plugin: the standalone EPUB build."""
    content = next(item for item in plugins if plugin_name(item) == "kbpress")
    options = dict(content["kbpress"]) if isinstance(content, dict) else {}
    return [{"kbpress": {**options, "atomic_output": False}}, "kbpress-epub"]


def plugin_name(item) -> str:
    return next(iter(item)) if isinstance(item, dict) else item


def _importable(name: str) -> bool:
    from importlib.metadata import entry_points

    for point in entry_points(group="mkdocs.plugins"):
        if point.name == name:
            try:
                point.load()
            except ImportError:
                return False
            return True
    return name == "search"


def plugins_block(plugins: list) -> str:
    return yaml.safe_dump({"plugins": plugins}, allow_unicode=True, sort_keys=False)


def prepare(corpus: Corpus, work: Path, *, epub_chapters: int = EPUB_CHAPTERS) -> BenchProjects:
    """Generate (or reuse) the corpus and write both projects under ``work``."""
    raw = generate_raw(corpus, work)
    root = work / "projects" / corpus.name
    full, base = root / "full", root / "base"
    blocks = repo_blocks(REPO / "mkdocs.yml")
    for project in (full, base):
        project.mkdir(parents=True, exist_ok=True)
        write_mapped_docs(raw, project / "docs")
    (full / "taxonomy.yml").write_text(taxonomy_yaml(raw), encoding="utf-8")
    _write_feeds(full / "feeds")
    chapters = [f"articles/{i:04d}.md" for i in range(min(epub_chapters, corpus.articles))]
    _write_guidebook(full / "guidebook", chapters)
    plugins, missing = full_plugins(blocks)
    (full / "mkdocs.yml").write_text(mkdocs_yml(blocks, FULL_NAV, plugins_block(plugins)), encoding="utf-8")
    (full / EPUB_ONLY_CONFIG).write_text(mkdocs_yml(blocks, FULL_NAV, plugins_block(epub_only_plugins(plugins))), encoding="utf-8")
    nav = _write_baseline_indexes(full, base)
    (base / "mkdocs.yml").write_text(mkdocs_yml(blocks, nav, plugins_block(BASELINE_PLUGINS)), encoding="utf-8")
    return BenchProjects(full=full, base=base, corpus=corpus, plugins=tuple(map(plugin_name, plugins)),
                         missing_plugins=tuple(missing))


def prepare_feed_project(corpus: Corpus, work: Path) -> BenchProjects:
    """A topics-only project with just the content and feeds plugins: the feed step alone."""
    raw = generate_raw(corpus, work)
    full = work / "projects" / corpus.name / "feeds"
    full.mkdir(parents=True, exist_ok=True)
    write_mapped_docs(raw, full / "docs")
    (full / "taxonomy.yml").write_text(taxonomy_yaml(raw), encoding="utf-8")
    _write_feeds(full / "feeds")
    blocks = repo_blocks(REPO / "mkdocs.yml")
    plugins, missing = full_plugins(blocks)
    wanted = [item for item in plugins if plugin_name(item) in ("kbpress", "kbpress-feeds")]
    (full / "mkdocs.yml").write_text(mkdocs_yml(blocks, FULL_NAV, plugins_block(wanted)), encoding="utf-8")
    return BenchProjects(full=full, base=full, corpus=corpus, plugins=tuple(map(plugin_name, wanted)),
                         missing_plugins=tuple(missing))


def cache_dirs(project: Path) -> list[Path]:
    """Cache directories named in the project's plugin options (``cache_dir: ...``)."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    plugins = yaml.safe_load(text[text.index("\nplugins:") + 1:])["plugins"]
    found = []
    for item in plugins:
        options = next(iter(item.values())) if isinstance(item, dict) else None
        for key, value in (options or {}).items():
            if "cache" in key and isinstance(value, str) and value:
                found.append(project / value)
    return found


def _write_feeds(directory: Path) -> None:
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir()
    for name, definition in FEEDS.items():
        (directory / f"{name}.yml").write_text(yaml.safe_dump(definition, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _write_guidebook(directory: Path, chapters: list[str]) -> None:
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir()
    if chapters:
        (directory / "bench.yml").write_text(guidebook_yaml(chapters), encoding="utf-8")


def _write_baseline_indexes(full: Path, base: Path) -> list:
    """Write kbpress's section pages into the baseline as plain Markdown; return its nav.

    The pages come from kbpress's own index generator over the same
    loaded sources, so both builds render the same pages and nav.
    """
    from kbpress.content import ContentConfig, iter_markdown_files, load_sources
    from kbpress.indexes import CATEGORIES_INDEX, TOPICS_INDEX, category_src, front_matter_block, generated_pages, year_src
    from kbpress.model import JST, Kind, Site
    from kbpress.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(full / "taxonomy.yml")
    docs = full / "docs"
    loaded, problems = load_sources(iter_markdown_files(docs), docs, full, taxonomy, ContentConfig())
    if problems:
        raise SystemExit("bench corpus does not validate:\n" + "\n".join(map(str, problems[:20])))
    site = Site(name="ベンチ保管庫", url="https://bench.example.jp/", description="", organisation="",
                docs_dir=str(docs), site_dir="", build_time=datetime(2026, 1, 1, tzinfo=JST),
                categories=taxonomy.categories, tags=taxonomy.tags, pages=[item.page for item in loaded])
    for page in generated_pages(site, site.pages):
        target = base / "docs" / page.src_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front_matter_block(page.title, page.description) + page.markdown, encoding="utf-8")
    years = sorted({p.meta.date.year for p in site.pages_of_kind(Kind.TOPIC)}, reverse=True)
    categories = [{term.name: [category_src(slug)]} for slug, term in site.categories.items()]
    return [
        {"ホーム": "index.md"},
        {"解説記事": [CATEGORIES_INDEX, *categories]},
        {"トピックス": [TOPICS_INDEX, *({f"{year}年": [year_src(year)]} for year in years)]},
        {"更新情報": "updates.md"},
        {"タグ一覧": "tags/index.md"},
    ]

