#!/usr/bin/env python3
"""Write a synthetic Japanese knowledge base for the bench.

usage: gen_corpus.py OUT_DIR [--articles N] [--topics M] [--seed S]

OUT_DIR/articles/NNNN.md are explanatory articles (front matter: title,
description, category slug, tags by Japanese name, date) with sections,
lists, a table, an admonition, a code block, links to other articles and
an image; OUT_DIR/topics/YYYY-MM-DD-NNNN.md are dated news items (title,
date with +09:00, slug, tags, description) of two paragraphs;
OUT_DIR/images/shield.png is the image they show.

The prose is assembled from phrase lists, so the pages are as long and as
varied in markup as real ones without being real: the bench measures speed
and scale, never wording. The same seed always gives the same corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import struct
import zlib
from pathlib import Path

SUBJECTS = ("取引先を装ったメール", "社内の共有フォルダ", "ノートパソコンの持ち出し", "クラウドの共有設定",
            "無線LANのルーター", "退職者のアカウント", "委託先とのデータ受け渡し", "ウイルス対策ソフト",
            "業務用のスマートフォン", "顧客名簿の管理", "ネットバンキング", "ホームページの更新",
            "テレワーク用の端末", "USBメモリ", "請求書の送付", "パスワードの使い回し")
ACTIONS = ("確認しておきましょう", "手順を決めておくと安心です", "担当者を一人決めます",
           "定期的に見直してください", "従業員へ周知します", "記録を残しておきます",
           "設定を初期値のままにしないことが大切です", "外部の相談窓口に相談できます")
CONNECTORS = ("まず", "そのうえで", "あわせて", "特に", "万一に備えて", "日頃から", "年に一度は")
RISKS = ("ランサムウェアの感染", "個人情報の漏えい", "不正アクセス", "なりすましによる送金",
         "業務の停止", "取引先への被害の拡大", "脆弱性の悪用", "情報の持ち出し")
CATEGORIES = ("mail", "organization", "incident", "devices", "cloud")
TAGS = ("メール対策", "ランサムウェア", "テレワーク", "インシデント対応", "個人情報", "クラウド", "教育・訓練")
START = dt.date(2024, 4, 1)
DAYS = 900  # dates cycle over about two and a half years


def sentence(rng: random.Random) -> str:
    return (f"{rng.choice(CONNECTORS)}、{rng.choice(SUBJECTS)}については"
            f"{rng.choice(RISKS)}につながらないよう{rng.choice(ACTIONS)}。")


def paragraph(rng: random.Random, low: int = 3, high: int = 6) -> str:
    return "".join(sentence(rng) for _ in range(rng.randint(low, high)))


def table(rng: random.Random) -> str:
    rows = [f"| {rng.choice(SUBJECTS)} | {rng.choice(RISKS)} | {rng.choice('高中低')} |" for _ in range(5)]
    return "| 確認する項目 | 想定される被害 | 優先度 |\n|---|---|---|\n" + "\n".join(rows) + "\n"


def article_body(rng: random.Random, index: int, articles: int) -> str:
    parts = [f"# {rng.choice(SUBJECTS)}の点検 {index:04d}\n"]
    for number in range(1, rng.randint(3, 6) + 1):
        parts.append(f"## {rng.choice(SUBJECTS)}と{rng.choice(RISKS)}（{number}）\n")
        parts.append(paragraph(rng) + "\n")
        parts.append("\n".join(f"- {rng.choice(SUBJECTS)}：{rng.choice(ACTIONS)}" for _ in range(4)) + "\n")
    parts.append(table(rng))
    parts.append(f'!!! warning "注意"\n    {sentence(rng)}\n')
    parts.append("```text\n差出人: support@invoice-check.example\n件名: 至急 お支払い口座変更のお知らせ\n```\n")
    links = min(3, articles)
    for _ in range(links):
        target = rng.randrange(links)
        parts.append(f"あわせて読む: [{rng.choice(SUBJECTS)}]({target:04d}.md)\n")
    parts.append("![盾のアイコン](../images/shield.png)\n")
    return "\n".join(parts)


def article(rng: random.Random, index: int, articles: int) -> str:
    tags = rng.sample(TAGS, 2)
    front = (f"---\ntitle: {rng.choice(SUBJECTS)}の見直し方 {index:04d}\n"
             f"description: {sentence(rng)}\n"
             f"category: {CATEGORIES[index % len(CATEGORIES)]}\n"
             f"tags: [{', '.join(tags)}]\n"
             f"date: {START + dt.timedelta(days=index % DAYS)}\n---\n\n")
    return front + article_body(rng, index, articles)


def topic(rng: random.Random, index: int, day: dt.date) -> str:
    front = (f"---\ntitle: 【注意喚起】{rng.choice(RISKS)}を狙う{rng.choice(SUBJECTS)}の手口 {index:04d}\n"
             f"date: {day.isoformat()}T{9 + index % 9:02d}:00:00+09:00\n"
             f"slug: topic-{index:04d}\n"
             f"tags: [{rng.choice(TAGS)}]\n"
             f"description: {sentence(rng)}\n---\n\n")
    return front + paragraph(rng) + "\n\n" + paragraph(rng) + "\n"


def png_pixel() -> bytes:
    """A valid 1x1 white PNG, built here so the bench needs no image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b"")


def write_corpus(out: Path, articles: int, topics: int, seed: int) -> None:
    rng = random.Random(seed)
    for folder in ("articles", "topics", "images"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    (out / "images" / "shield.png").write_bytes(png_pixel())
    for index in range(articles):
        (out / "articles" / f"{index:04d}.md").write_text(article(rng, index, articles), encoding="utf-8")
    for index in range(topics):
        day = START + dt.timedelta(days=index % DAYS)
        (out / "topics" / f"{day.isoformat()}-{index:04d}.md").write_text(topic(rng, index, day), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--topics", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_corpus(args.out, args.articles, args.topics, args.seed)


if __name__ == "__main__":
    main()
