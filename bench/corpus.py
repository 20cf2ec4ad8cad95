"""The bench's synthetic corpus, mapped onto kbpress's content model.

``bench/gen_corpus.py`` (this folder) writes plain front matter (category, tags by Japanese
name, date). Here it is mapped, never edited by hand, onto what kbpress
validates: articles get a taxonomy category, tag slugs, an audience and
``updated``; topics get ``categories`` and ``summary``. A bench taxonomy
lists every category and tag the corpus uses, with ASCII slugs.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
GEN_CORPUS = Path(__file__).resolve().parent / "gen_corpus.py"

# The corpus names categories by ASCII slug and tags by Japanese name.
CATEGORY_NAMES = {
    "mail": "メール・フィッシング対策",
    "organization": "組織・体制づくり",
    "incident": "インシデント対応",
    "devices": "端末・ネットワーク管理",
    "cloud": "クラウドサービスの利用",
}
TAG_SLUGS = {
    "メール対策": "mail-security",
    "ランサムウェア": "ransomware",
    "テレワーク": "telework",
    "インシデント対応": "incident-response",
    "個人情報": "personal-info",
    "クラウド": "cloud",
    "教育・訓練": "training",
}
# Corpus topics carry tags only; kbpress needs categories, derived from the first tag.
TAG_CATEGORY = {
    "mail-security": "mail",
    "ransomware": "incident",
    "telework": "devices",
    "incident-response": "incident",
    "personal-info": "organization",
    "cloud": "cloud",
    "training": "organization",
}
AUDIENCE_CHOICES = (["経営者"], ["管理者", "従業員"], ["従業員"], ["経営者", "管理者"])


@dataclass(frozen=True)
class Corpus:
    articles: int
    topics: int
    seed: int = 1

    @property
    def pages(self) -> int:
        return self.articles + self.topics

    @property
    def name(self) -> str:
        return f"a{self.articles}-t{self.topics}-s{self.seed}"


def slug_for_tag(name: str) -> str:
    """ASCII slug of a corpus tag; unknown names get a stable hashed slug."""
    return TAG_SLUGS.get(name) or "tag-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def category_name(slug: str) -> str:
    return CATEGORY_NAMES.get(slug, f"分野 {slug}")


# -- front matter mapping ----------------------------------------------------------


def split_source(text: str) -> tuple[dict, str]:
    """(front matter as plain strings, body) of a generated page."""
    match = re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        raise ValueError("generated page without front matter")
    return yaml.load(match.group(1), Loader=yaml.BaseLoader), text[match.end():]


def map_article(meta: dict, index: int) -> dict:
    return {
        "title": meta["title"],
        "description": meta["description"],
        "category": meta["category"],
        "tags": [slug_for_tag(tag) for tag in meta.get("tags", [])],
        "audience": AUDIENCE_CHOICES[index % len(AUDIENCE_CHOICES)],
        "updated": meta["date"],
    }


def map_topic(meta: dict) -> dict:
    tags = [slug_for_tag(tag) for tag in meta.get("tags", [])]
    return {
        "title": meta["title"],
        "date": meta["date"],
        "slug": meta["slug"],
        "categories": [TAG_CATEGORY.get(tags[0], "incident") if tags else "incident"],
        "tags": tags,
        "summary": meta["description"],
    }


def front_matter(fields: dict) -> str:
    # JSON is valid YAML and quotes every string, whatever characters it holds.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


# -- projects -----------------------------------------------------------------------


def generate_raw(corpus: Corpus, work: Path) -> Path:
    raw = work / "raw" / corpus.name
    stamp = raw / ".complete"
    if stamp.exists():
        return raw
    shutil.rmtree(raw, ignore_errors=True)
    subprocess.run(
        [sys.executable, str(GEN_CORPUS), str(raw), "--articles", str(corpus.articles),
         "--topics", str(corpus.topics), "--seed", str(corpus.seed)],
        check=True,
    )
    stamp.write_text("ok\n")
    return raw


def write_mapped_docs(raw: Path, docs: Path) -> None:
    """Copy the corpus into ``docs`` with kbpress front matter (topics under their year)."""
    if docs.exists():
        shutil.rmtree(docs)
    (docs / "images").mkdir(parents=True)
    shutil.copy(raw / "images" / "shield.png", docs / "images" / "shield.png")
    for path in sorted((raw / "articles").glob("*.md")):
        meta, body = split_source(path.read_text(encoding="utf-8"))
        target = docs / "articles" / path.name
        target.parent.mkdir(exist_ok=True)
        target.write_text(front_matter(map_article(meta, int(path.stem))) + body, encoding="utf-8")
    for path in sorted((raw / "topics").glob("*.md")):
        meta, body = split_source(path.read_text(encoding="utf-8"))
        target = docs / "topics" / path.name[:4] / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        # The corpus links images from one level down; topics sit two levels down here.
        target.write_text(front_matter(map_topic(meta)) + body.replace("](../images/", "](../../images/"), encoding="utf-8")
    (docs / "index.md").write_text(
        front_matter({"title": "ホーム", "description": "ベンチマーク用の保管庫です。"}) + "\nベンチマーク用の合成コーパスです。\n",
        encoding="utf-8",
    )


def taxonomy_yaml(raw: Path) -> str:
    """A vocabulary listing every category and tag the corpus uses (ASCII slugs)."""
    categories, tags = set(), {}
    for path in list((raw / "articles").glob("*.md")) + list((raw / "topics").glob("*.md")):
        meta, _ = split_source(path.read_text(encoding="utf-8"))
        if "category" in meta:
            categories.add(meta["category"])
        for name in meta.get("tags", []):
            tags[slug_for_tag(name)] = name
    categories |= {TAG_CATEGORY.get(slug, "incident") for slug in tags}
    data = {
        "categories": {slug: {"name": category_name(slug), "description": f"{category_name(slug)}の記事です。"}
                       for slug in sorted(categories)},
        "tags": {slug: {"name": name, "description": f"{name}に関する記事です。"} for slug, name in sorted(tags.items())},
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
