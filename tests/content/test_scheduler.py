"""The build's one scheduler: workers sized from the CPUs, pages before cards, failures kept apart."""

from __future__ import annotations

import os

import pytest

from kbpress.cards.content import CardContent
from kbpress.cards.drawer import WORKER_MIN_CARDS, CardDrawer
from kbpress.cards.cache import CardCache
from kbpress.processes import MAX_WORKERS, spare_cores, usable_cores
from kbpress.scheduler import Job, JobFailed, Scheduler
from kbpress.search import DEFAULT_EXCLUDE_SELECTORS, index_job, index_pages
from kbpress.search.background import WORKER_MIN_PAGES
from kbpress.search.index import TABLE_FILES

SUBJECTS = ["不審なメール", "パスワードの使い回し", "USBメモリの紛失", "VPN機器の更新", "偽のSMS", "ランサムウェア",
            "バックアップの取得", "取引先を名乗る請求書", "Wi-Fiルーターの初期設定", "退職者のアカウント"]
ACTIONS = ["に気づいたら、まず上司に連絡します。", "を防ぐため、設定を見直しましょう。",
           "の被害が報告されています（2025年6月）。", "について、従業員向けの手順をまとめました。"]


def _page(number: int) -> tuple[str, str]:
    subject = SUBJECTS[number % len(SUBJECTS)]
    body = "".join(f"<p>{SUBJECTS[(number + k) % len(SUBJECTS)]}{ACTIONS[(number + k) % len(ACTIONS)]}</p>" for k in range(4))
    html = f'<div data-kb-search-body><h1>{subject}への対応 その{number}</h1>{body}</div>'
    return f"articles/page-{number}/", html


def _cards(count: int) -> list[CardContent]:
    return [CardContent(f"{SUBJECTS[n % len(SUBJECTS)]}への備え 第{n}回", "知識の保管庫", "支援センター", ("解説記事",))
            for n in range(count)]


@pytest.mark.parametrize(("cores", "workers"), [(1, 1), (2, 1), (3, 2), (8, MAX_WORKERS), (64, MAX_WORKERS)])
def test_workers_are_sized_from_the_cpus_this_process_may_use(cores, workers):
    assert Scheduler(cores=cores).capacity == workers
    assert Scheduler().capacity == spare_cores(usable_cores())
    if hasattr(os, "sched_getaffinity"):
        assert usable_cores() == len(os.sched_getaffinity(0))


def test_a_cold_two_core_build_indexes_and_draws_in_one_worker_pages_first(tmp_path):
    scheduler = Scheduler(cores=2)  # one spare core
    cards = CardCache(tmp_path / "cards", CardDrawer(scheduler))
    contents = _cards(WORKER_MIN_CARDS + 20)
    # As in a build: every missing card is queued at on_nav, then the pages come while they render.
    card_paths = [cards.card(content) for content in contents]
    pages = [_page(number) for number in range(WORKER_MIN_PAGES)]
    indexer = scheduler.open(index_job(tmp_path / "index", DEFAULT_EXCLUDE_SELECTORS), expected=len(pages))
    for page in pages:
        indexer.send(page)
    (index,) = indexer.results()
    cards.wait()

    assert scheduler.started == 1, "one worker on the one spare core"
    answer = scheduler.answers[0]
    assert answer["pid"] != os.getpid(), "the index is not built in the build process"
    assert set(answer["jobs"]) == {"link cards", "search index"}
    assert answer["overtook"]["search index"] > 0, "pages went ahead of cards waiting in the same queue"
    assert index.pages == len(pages)
    assert len(card_paths) == len(contents) and all(path.stat().st_size > 0 for path in card_paths)
    assert cards.stats.drawn == len(contents)
    index_pages(pages, tmp_path / "inline", DEFAULT_EXCLUDE_SELECTORS)
    written = sorted((tmp_path / "inline").rglob("*.json"))
    shards = len(list((tmp_path / "inline" / "t").glob("*.json")))
    assert len(written) == len(pages) + 1 + shards + len(TABLE_FILES)  # documents, meta, shards, tables
    for path in written:
        assert path.read_bytes() == (tmp_path / "index" / path.relative_to(tmp_path / "inline")).read_bytes()


def test_a_failing_job_does_not_take_the_other_down(tmp_path):
    blocked = tmp_path / "cards"
    blocked.write_text("a file where the card folder must go", encoding="utf-8")
    scheduler = Scheduler(workers=1)
    cards = CardCache(blocked, CardDrawer(scheduler, min_cards=1))
    cards.card(_cards(1)[0])
    indexer = scheduler.open(index_job(tmp_path / "index", DEFAULT_EXCLUDE_SELECTORS), expected=WORKER_MIN_PAGES)
    indexer.send(_page(1))
    (index,) = indexer.results()
    assert index.pages == 1
    with pytest.raises(OSError, match="Error"):
        cards.wait()


def test_small_jobs_stay_in_the_build_process(tmp_path):
    scheduler = Scheduler(workers=2)
    cards = CardCache(tmp_path / "cards", CardDrawer(scheduler))
    paths = [cards.card(content) for content in _cards(3)]
    indexer = scheduler.open(index_job(tmp_path / "index", DEFAULT_EXCLUDE_SELECTORS), expected=2)
    for number in range(2):
        indexer.send(_page(number))
    assert indexer.results()[0].pages == 2
    cards.wait()
    assert scheduler.started == 0
    assert len(paths) == 3 and all(path.is_file() for path in paths)


def test_a_job_after_the_end_is_refused_and_a_cancelled_job_fails():
    scheduler = Scheduler(workers=1)
    channel = scheduler.open(Job("list", "一覧", "builtins:list", None, 0), expected=5)
    channel.send(1)
    scheduler.cancel()
    with pytest.raises(JobFailed):
        channel.results()
    with pytest.raises(RuntimeError, match="too late"):
        scheduler.open(Job("late", "遅れた処理", "builtins:list", None, 0))
