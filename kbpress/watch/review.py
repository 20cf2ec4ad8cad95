"""The preview page of today's candidates: what ``make serve`` shows specialists, never the public site."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..model import JST
from .inbox import Candidate, day_file, load_inbox_file

TITLE = "今日の投稿候補"
DESCRIPTION = "kbpress watch が集めた今日の投稿候補と、提案する投稿のしかたです (プレビューだけに表示されます)。"
_SUGGESTED = {"post": "URL を付けて投稿", "repost": "リポスト", "quote": "引用 (コメントを付ける)"}
_DECIDED = {"post": "投稿する", "repost": "リポストする", "quote": "引用する", "drop": "投稿しない"}


def review_markdown(social_dir: Path, now: datetime) -> str:
    """The page body: today's inbox file as a table, with the commands to decide."""
    path = day_file(social_dir, now)
    inbox, problems = load_inbox_file(path, f"social/inbox/{path.name}")
    day = now.astimezone(JST).date().isoformat()
    lines = [
        '!!! note "プレビュー専用のページです"',
        "    公開サイトには含まれません。候補の選び方は執筆ガイドの「ニュースの収集と投稿候補の選択」を参照してください。",
        "",
    ]
    lines += [f"- `social/inbox/{path.name}`: {problem.message} ({problem.line} 行目)" for problem in problems]
    if not inbox.candidates:
        lines.append(f"{day} の候補はまだありません。`kbpress watch` を実行すると集めます。")
        return "\n".join(lines) + "\n"
    lines += [
        f"{day} の候補 {len(inbox.candidates)} 件 (`social/inbox/{path.name}`)。",
        "",
        "| ID | 公開 | 情報源 | タイトル | 提案 | 決定 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [_row(candidate) for candidate in inbox.candidates]
    lines += [
        "",
        "選ぶときは `kbpress social pick ID --as post|repost|quote --comment \"…\"`、"
        "見送るときは `kbpress social drop ID` を実行します。",
    ]
    return "\n".join(lines) + "\n"


def _row(candidate: Candidate) -> str:
    published = candidate.published[5:16].replace("T", " ") if candidate.published else ""
    title = f"[{_cell(candidate.title)}]({candidate.url})"
    decided = _DECIDED.get(candidate.action or "", "未定")
    cells = [f"`{candidate.id}`", published, _cell(candidate.source), title, _SUGGESTED.get(candidate.suggested, candidate.suggested), decided]
    return "| " + " | ".join(cells) + " |"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell and a link label."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;")
