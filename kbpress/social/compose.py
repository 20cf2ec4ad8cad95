"""Writing the text of a page announcement.

Layout (one item per line)::

    【更新情報】<title>            (【トピックス】 for topics)
    <summary, shortened to fit>
    <page URL>
    #hashtag #hashtag

A ``social.text`` override replaces title and summary and is never
shortened: if it does not fit, the author has to rewrite it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Kind, PageMeta
from .textfit import MAX_WEIGHTED_LENGTH, fits, has_forbidden_characters, normalize_text, shorten_to_fit, weighted_length

PREFIXES = {
    Kind.ARTICLE: "【更新情報】",
    Kind.TOPIC: "【トピックス】",
    Kind.FAQ: "【更新情報】",
    Kind.PAGE: "【更新情報】",
}

@dataclass(frozen=True)
class Composed:
    text: str
    shortened: bool  # summary or title cut to fit


class CompositionError(ValueError):
    """The post cannot be written within the limit; ``key`` names the front matter key to fix."""

    def __init__(self, message: str, key: str = "social"):
        super().__init__(message)
        self.key = key


def hashtag_problem(tag: str) -> str | None:
    """Why X would not link ``#tag``, in words for the author; None when it is fine."""
    if not re.fullmatch(r"[\w・ー]+", tag):
        return f"ハッシュタグ '{tag}' に記号や空白は使えません (使えるのは文字・数字・_ です)"
    if tag.isdigit():
        return f"ハッシュタグ '{tag}' は数字だけなのでリンクになりません。文字を含めてください"
    return None


def compose_page_post(meta: PageMeta, page_url: str) -> Composed:
    """The announcement of a page at absolute ``page_url``; raises :class:`CompositionError`."""
    social = meta.social
    prefix = PREFIXES[meta.kind]
    tail = [page_url]
    hashtags = " ".join(f"#{tag}" for tag in (social.hashtags if social else ()))
    if hashtags:
        tail.append(hashtags)
    if social and social.text:
        return _compose_override(prefix + normalize_text(social.text), tail)
    title = prefix + normalize_text(meta.title)
    summary = normalize_text(meta.description)
    return _compose_fitted(title, summary, tail)


def _compose_override(head: str, tail: list[str]) -> Composed:
    text = _join([head], tail)
    if has_forbidden_characters(text):
        raise CompositionError("social.text に X で使えない文字 (U+FEFF, U+FFFE, U+FFFF) が含まれています。削除してください")
    if not fits(text):
        raise CompositionError(
            f"social.text が長すぎます: URL とハッシュタグを含めて {weighted_length(text)}/{MAX_WEIGHTED_LENGTH} "
            f"(全角は 2、URL は 23 と数えます)。{weighted_length(text) - MAX_WEIGHTED_LENGTH} 以上短くしてください"
        )
    return Composed(text, shortened=False)


def _compose_fitted(title: str, summary: str, tail: list[str]) -> Composed:
    if has_forbidden_characters(title + summary):
        raise CompositionError("title か description/summary に X で使えない文字 (U+FEFF, U+FFFE, U+FFFF) が含まれています。削除してください", key="title")
    full = _join([title, summary], tail)
    if fits(full):
        return Composed(full, shortened=False)
    if summary:
        short_summary = shorten_to_fit(summary, lambda candidate: fits(_join([title, candidate], tail)))
        if short_summary:
            return Composed(_join([title, short_summary], tail), shortened=True)
    if fits(_join([title], tail)):
        return Composed(_join([title], tail), shortened=True)
    short_title = shorten_to_fit(title, lambda candidate: fits(_join([candidate], tail)))
    if short_title:
        return Composed(_join([short_title], tail), shortened=True)
    raise CompositionError(
        f"告知文が入りきりません: URL とハッシュタグだけで {weighted_length(_join([], tail))}/{MAX_WEIGHTED_LENGTH} です。"
        "social.hashtags を減らしてください"
    )


def _join(head: list[str], tail: list[str]) -> str:
    return "\n".join(part for part in head + tail if part)
