"""The vault settings: which front-matter key means what, and which folders are published.

They live in mkdocs.yml, in the ``vault:`` block of the ``kbpress``
plugin, next to the other options that say how sources are read
(``articles_dir``, ``internal_dirs``); ``taxonomy.yml`` stays the
vocabulary. The adapter turns the loaded block into :class:`VaultSettings`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

# Each field of the content model, and the keys specialists use for it, in the order they are tried.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "タイトル", "題名"),
    "description": ("概要", "description", "summary", "要約"),
    "categories": ("記事分類", "categories", "category", "分類", "カテゴリ"),
    "tags": ("tags", "tag", "タグ"),
    "author": ("作成者", "author", "著者"),
    "id": ("資料ID", "id", "文書番号"),
    "created": ("作成日", "作成日時", "created", "date", "公開日"),
    "updated": ("更新日", "更新日時", "updated", "modified"),
    "source": ("URL", "url", "source", "出典"),
    "audience": ("対象", "対象読者", "audience"),
    "publish": ("公開", "publish"),
}
# Folders Obsidian and its plugins use for templates; their notes are never published.
TEMPLATE_FOLDERS = ("templates", "Templates", "_templates", "テンプレート", "テンプレ")
DEFAULT_REDIRECTS = "redirects.yml"


@dataclass(frozen=True)
class FieldMap:
    """For each model field, the front-matter keys that give it (the first one with a value wins)."""

    title: tuple[str, ...] = DEFAULT_FIELDS["title"]
    description: tuple[str, ...] = DEFAULT_FIELDS["description"]
    categories: tuple[str, ...] = DEFAULT_FIELDS["categories"]
    tags: tuple[str, ...] = DEFAULT_FIELDS["tags"]
    author: tuple[str, ...] = DEFAULT_FIELDS["author"]
    id: tuple[str, ...] = DEFAULT_FIELDS["id"]
    created: tuple[str, ...] = DEFAULT_FIELDS["created"]
    updated: tuple[str, ...] = DEFAULT_FIELDS["updated"]
    source: tuple[str, ...] = DEFAULT_FIELDS["source"]
    audience: tuple[str, ...] = DEFAULT_FIELDS["audience"]
    publish: tuple[str, ...] = DEFAULT_FIELDS["publish"]

    @classmethod
    def from_options(cls, options: dict[str, list[str] | str]) -> FieldMap:
        """Keys given in mkdocs.yml replace the defaults of their field; the others keep them."""
        given = {name: (value,) if isinstance(value, str) else tuple(value) for name, value in options.items()}
        return cls(**{name: given.get(name, getattr(cls, name)) for name in field_names()})

    def owner(self, key: str) -> str | None:
        """The model field a front-matter key gives, if any."""
        for name in field_names():
            if key in getattr(self, name):
                return name
        return None


def field_names() -> tuple[str, ...]:
    return tuple(item.name for item in fields(FieldMap))


@dataclass(frozen=True)
class VaultSettings:
    fields: FieldMap = field(default_factory=FieldMap)
    exclude: tuple[str, ...] = ()  # vault folders never published, besides the ones always left out
    include: tuple[str, ...] = ()  # when given, only notes inside these folders are published
    templates: tuple[str, ...] = TEMPLATE_FOLDERS
    topic_folders: tuple[str, ...] = ()  # notes here are dated topics (feeds); the others are articles
    default_category: str | None = None  # for notes at the top of the vault that name none
    # From the vault's Obsidian settings (read at each build, see .obsidianconfig):
    ignore_filters: tuple[str, ...] = ()  # Obsidian's "Excluded files"
    journal_folders: tuple[str, ...] = ()  # daily and other periodic notes: personal journals
    journal_names: tuple[str, ...] = ()  # regexes of periodic notes kept at the top of the vault
    obsidian_prefix: str = ""  # docs_dir inside the vault ("公開用/"): Obsidian's paths start at the vault's top
