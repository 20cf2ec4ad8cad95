"""``kbpress watch``: read every source, keep what is new, add it to today's inbox file.

Sources are read side by side (a slow site does not hold up the others)
but never two at a time from one host. A source that fails is reported
with its name, URL and the reason; the others are still read and their
candidates kept. Only the sources read successfully update the state, so
a failed source is asked in full next time.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Mapping, TextIO

from ..model import KbpressError, Problem
from ..social.statusurl import parse_status_url
from .canonical import candidate_id, canonical_url, dedup_keys
from .client import ClientSettings, FetchError, PoliteClient, Validators
from .feedparse import FeedError, FeedItem, parse_feed
from .inbox import Candidate, day_file, load_inbox, load_inbox_file
from .seen import known_keys
from .sources import DEFAULT_MAX_AGE_DAYS, FEED, SOURCES_NAME, Source, load_sources
from .state import STATE_NAME, WatchState
from .xreader import XReader, XReadError, XSkipped, suggested_x_action

EXIT_OK, EXIT_FAILED = 0, 1
MAX_PARALLEL = 4


@dataclass
class SourceResult:
    source: Source
    items: list[FeedItem] = field(default_factory=list)
    error: str | None = None
    note: str | None = None
    skipped: bool = False
    not_modified: bool = False
    validators: Validators | None = None
    since_id: str | None = None


@dataclass(frozen=True)
class WatchOptions:
    site_url: str
    now: datetime
    fmt: str = "text"
    max_age_days: int = DEFAULT_MAX_AGE_DAYS
    client: ClientSettings = field(default_factory=ClientSettings)


def watch_command(social_dir: Path, shown_dir: str, options: WatchOptions, *, env: Mapping[str, str], out: TextIO, err: TextIO) -> int:
    """Fetch, dedup, write the inbox; 0 when every source was read, 1 when any failed."""
    sources, problems = load_sources(social_dir / SOURCES_NAME, f"{shown_dir}/{SOURCES_NAME}")
    if problems:
        raise KbpressError(problems)
    if not sources:
        raise KbpressError(Problem(f"{shown_dir}/{SOURCES_NAME}", "情報源がありません。sources: に読むフィードや X のリストを書いてください"))
    inbox, inbox_problems = load_inbox(social_dir, shown_dir)
    if inbox_problems:
        raise KbpressError(inbox_problems)  # rewriting a file we cannot read could lose decisions
    known = known_keys(social_dir, shown_dir, inbox)
    state = WatchState.load(social_dir / STATE_NAME)
    results = fetch_all(sources, state, options, env)
    target = day_file(social_dir, options.now)
    today, _ = load_inbox_file(target, f"{shown_dir}/inbox/{target.name}")
    new = new_candidates(results, known, options)
    if new:
        today.candidates += new
        today.save()
    _remember(results, state)
    state.save()
    report(results, new, today.shown, options.fmt, out, err)
    return EXIT_FAILED if any(result.error for result in results) else EXIT_OK


def fetch_all(sources: list[Source], state: WatchState, options: WatchOptions, env: Mapping[str, str]) -> list[SourceResult]:
    client = PoliteClient(options.site_url, options.client)
    reader = XReader(env, (options.client.connect_timeout, options.client.total_timeout))

    def read(source: Source) -> SourceResult:
        if source.kind == FEED:
            return _read_feed(client, source, state.validators(source.state_key))
        with client.host_lock(reader.host()):
            return _read_x(reader, source, state.since_id(source.state_key))

    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(sources))) as pool:
        return list(pool.map(read, sources))


def _read_feed(client: PoliteClient, source: Source, validators: Validators) -> SourceResult:
    try:
        fetched = client.fetch(source.location, validators)
        if fetched.not_modified:
            return SourceResult(source, not_modified=True, validators=fetched.validators)
        parsed = parse_feed(fetched.body, fetched.content_type)
    except (FetchError, FeedError) as error:
        return SourceResult(source, error=str(error))
    return SourceResult(source, parsed.items, note=parsed.note, validators=fetched.validators)


def _read_x(reader: XReader, source: Source, since_id: str | None) -> SourceResult:
    try:
        read = reader.read(source, since_id)
    except XSkipped as skipped:
        return SourceResult(source, skipped=True, note=str(skipped))
    except XReadError as error:
        return SourceResult(source, error=str(error))
    return SourceResult(source, read.items, since_id=read.newest_id)


def new_candidates(results: list[SourceResult], known: set[str], options: WatchOptions) -> list[Candidate]:
    """Items passing the source's filters, recent enough and seen nowhere before, in source order."""
    oldest = options.now - timedelta(days=options.max_age_days)
    candidates = []
    for result in results:
        for item in result.items:
            if item.published is not None and item.published < oldest:
                continue
            if not result.source.wants(f"{item.title} {item.summary}"):
                continue
            keys = dedup_keys(item.url)
            if keys & known:
                continue
            known |= keys
            candidates.append(_candidate(item, result.source))
    return candidates


def _candidate(item: FeedItem, source: Source) -> Candidate:
    url = canonical_url(item.url)
    # An X post is reposted or quoted wherever it was found (a bookmark feed links posts too).
    suggested = suggested_x_action(f"{item.title} {item.summary}") if parse_status_url(url) else "post"
    published = item.published.isoformat() if item.published else None
    return Candidate(candidate_id(url), item.title, url, source.name, published, item.summary, suggested)


def _remember(results: list[SourceResult], state: WatchState) -> None:
    for result in results:
        if result.error or result.skipped:
            continue
        if result.validators is not None:
            state.remember_validators(result.source.state_key, result.validators)
        elif result.since_id:
            state.remember_since_id(result.source.state_key, result.since_id)


def report(results: list[SourceResult], new: list[Candidate], inbox_shown: str, fmt: str, out: TextIO, err: TextIO) -> None:
    if fmt == "json":
        for candidate in new:
            out.write(json.dumps(_json(candidate), ensure_ascii=False, sort_keys=True) + "\n")
    notes = err if fmt == "json" else out
    for result in results:
        line = _describe(result)
        (err if result.error else notes).write(line + "\n")
    if fmt != "json":
        where = f": {inbox_shown}" if new else ""
        out.write(f"新しい候補 {len(new)} 件{where}\n")
    failed = [result for result in results if result.error]
    if failed:
        err.write(f"{len(failed)} 件の情報源を読めませんでした。ほかの情報源の候補は取り込みました\n")


def _describe(result: SourceResult) -> str:
    where = f"{result.source.name} ({result.source.location})"
    if result.error:
        return f"失敗: {where}: {result.error}"
    if result.skipped:
        return f"省略: {where}: {result.note}"
    if result.not_modified:
        return f"変更なし: {where}"
    note = f" (注意: {result.note})" if result.note else ""
    return f"取得: {where}: {len(result.items)} 件{note}"


def _json(candidate: Candidate) -> dict:
    return {
        "id": candidate.id,
        "url": candidate.url,
        "title": candidate.title,
        "source": candidate.source,
        "published": candidate.published,
        "action": candidate.suggested,
    }
