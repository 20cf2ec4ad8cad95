"""The bad-input matrix for publishing: `scripts/publish` as the workflow runs it.

Every row starts from a copy of a built project with a social queue and a
ledger of earlier posts, against a fake X API on 127.0.0.1
(KBPRESS_X_API_BASE). A refused run must exit 1 with a message naming the
file (and line) or the variables and the fix, show no traceback, send
nothing to X, and leave the ledger, the queue files and the site unchanged.
A bad queue file is the exception when posting: it holds back only itself
(see the last test).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from kbpress.social.ledger import DONE, LedgerRecord
from tests.conftest import FixtureProject
from tests.hardening.matrixsupport import QUOTE, copy_project, make_outputs_project, run_publish_script, snapshot
from tests.loopback import fresh_fake, serve_loopback
from tests.social.fake_x_api import FakeX
from tests.social.socialsupport import FAKE_CREDENTIALS

Q = "social/quote-backup.yml"
LEDGER = "social/ledger.jsonl"
LOCK = "social/.ledger.lock"

EARLIER = [
    LedgerRecord(source="queue:repost-sms", hash="sha256:1", network="x", kind="repost", status="pending",
                 time="2026-10-01T09:00:00+09:00", target="https://x.com/i/web/status/1790000000000000002",
                 file="social/repost-sms.yml"),
    LedgerRecord(source="queue:repost-sms", hash="sha256:1", network="x", kind="repost", status=DONE,
                 time="2026-10-01T09:00:01+09:00", remote_id="1790000000000000002",
                 target="https://x.com/i/web/status/1790000000000000002", file="social/repost-sms.yml"),
    LedgerRecord(source="queue:old-quote", hash="sha256:2", network="x", kind="quote", status=DONE,
                 time="2026-10-02T09:00:00+09:00", remote_id="1850000000000000000", text="以前の引用です。"),
]
GOOD_LEDGER = "".join(record.to_line() for record in EARLIER)
LINES = GOOD_LEDGER.splitlines(keepends=True)

# A lock held by another process, as a second `scripts/publish --post` would hold it.
HOLD_LOCK = """\
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.read()
"""

INSTRUCTIONS = "台帳を消したり作り直したりしないでください (すべてが再投稿されます)。git log -p でこの行の正しい内容を確かめて直す"
INTERRUPTED = "直前の実行が書き込み中に中断された可能性があります。"
HAND_EDITED = "手作業の編集か git のマージで壊れた可能性があります。"


@dataclass
class PublishRow:
    name: str
    change: Callable[[FixtureProject], None] | None
    post: bool
    expect: tuple[str, ...]
    credentials: dict[str, str] = field(default_factory=lambda: dict(FAKE_CREDENTIALS))
    absent: tuple[str, ...] = ()  # never in the output (secrets, other variables)
    hold_lock: bool = False


def ledger(text: str | bytes):
    def change(project: FixtureProject) -> None:
        project.write_bytes(LEDGER, text.encode("utf-8") if isinstance(text, str) else text)

    return change


def without(*names: str) -> dict[str, str]:
    return {key: value for key, value in FAKE_CREDENTIALS.items() if key not in names}


VARIABLES = ("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")
MALFORMED_TOKEN = "fakeAccessTokenWithoutUserId"

ROWS = [
    PublishRow("post without credentials", None, True,
               ("環境変数 X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET が設定されていません",
                "リポジトリの Secrets に登録して渡してください"),
               credentials={}),
    PublishRow("post with one credential missing", None, True,
               ("環境変数 X_ACCESS_TOKEN_SECRET が設定されていません",),
               credentials=without("X_ACCESS_TOKEN_SECRET"),
               absent=("X_API_KEY", *FAKE_CREDENTIALS.values())),
    PublishRow("post with a malformed access token", None, True,
               ("環境変数 X_ACCESS_TOKEN の形式が正しくありません", "Access Token をそのまま設定してください"),
               credentials={**FAKE_CREDENTIALS, "X_ACCESS_TOKEN": MALFORMED_TOKEN},
               absent=(MALFORMED_TOKEN, *without("X_ACCESS_TOKEN").values())),
    PublishRow("ledger locked by another run", None, True,
               (f"{LOCK}: 別の publish が実行中です (台帳がロックされています)", "終わるのを待ってから実行してください"),
               hold_lock=True),
    PublishRow("ledger with a truncated last line", ledger(GOOD_LEDGER[:-25]), True,
               (f"{LEDGER}:3: 投稿台帳が壊れています (JSON として読めません)。{INTERRUPTED}", INSTRUCTIONS)),
    PublishRow("ledger with a truncated last line, dry run", ledger(GOOD_LEDGER[:-25]), False,
               (f"{LEDGER}:3: 投稿台帳が壊れています (JSON として読めません)。{INTERRUPTED}", INSTRUCTIONS)),
    PublishRow("ledger with invalid json in the middle", ledger(LINES[0] + LINES[1][:40] + "\n" + LINES[2]), True,
               (f"{LEDGER}:2: 投稿台帳が壊れています (JSON として読めません)。{HAND_EDITED}", INSTRUCTIONS)),
    PublishRow("ledger with merge conflict markers", ledger(LINES[0] + "<<<<<<< HEAD\n" + LINES[1] + "=======\n" + LINES[2] + ">>>>>>> topic\n"),
               True, (f"{LEDGER}:2: 投稿台帳が壊れています (JSON として読めません)。{HAND_EDITED}",)),
    PublishRow("ledger record with an unknown status", ledger(GOOD_LEDGER.replace('"status": "done"', '"status": "posted"', 1)), True,
               (f"{LEDGER}:2: 投稿台帳が壊れています (status 'posted' は不明な値です)。{HAND_EDITED}",)),
    PublishRow("queue file in shift_jis, dry run", lambda p: p.write_bytes(Q, QUOTE.encode("cp932")), False,
               (f"{Q}:4: 文字コードが UTF-8 ではありません (Shift_JIS のようです)",)),
]


@pytest.fixture(scope="module")
def built_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("template") / "project"
    project = make_outputs_project(root)
    project.write(LEDGER, GOOD_LEDGER)
    return root


@pytest.fixture(scope="module")
def x_server():
    yield from serve_loopback()


@pytest.fixture
def fake_x(x_server):
    yield from fresh_fake(x_server, FakeX)


def outputs_and_inputs(project: FixtureProject) -> dict[str, dict[str, str]]:
    """The site, the queue files and the ledger, byte for byte (not the lock file)."""
    social = {name: digest for name, digest in snapshot(project.root / "social").items() if name != ".ledger.lock"}
    return {"site": snapshot(project.site), "social": social}


def run_holding_lock(project: FixtureProject, *args: str, env: dict[str, str]):
    (project.root / "social").mkdir(exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(project.root / LOCK)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        return run_publish_script(project, *args, env=env)
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_publish_row(row, built_template, tmp_path, fake_x):
    project = copy_project(built_template, tmp_path / "project")
    if row.change:
        row.change(project)
    before = outputs_and_inputs(project)
    env = {**row.credentials, "KBPRESS_X_API_BASE": fake_x.base_url}
    args = ("--post",) if row.post else ()

    done = run_holding_lock(project, *args, env=env) if row.hold_lock else run_publish_script(project, *args, env=env)

    assert "Traceback" not in done.output, done.output
    assert done.returncode == 1, done.output
    for expected in row.expect:
        assert expected in done.stderr, f"{expected!r} not in:\n{done.output}"
    for secret in row.absent:
        assert secret not in done.output, f"{secret!r} shown in:\n{done.output}"
    assert fake_x.calls == [], "something was sent to X"
    assert outputs_and_inputs(project) == before, "the site, the queue or the ledger was changed"


def test_the_same_project_posts_once_the_problem_is_gone(built_template, tmp_path, fake_x):
    """The rows' refusals are real: with good inputs and no lock the run reaches X and records it."""
    project = copy_project(built_template, tmp_path / "project")
    env = {**FAKE_CREDENTIALS, "KBPRESS_X_API_BASE": fake_x.base_url}

    locked = run_holding_lock(project, "--post", env=env)
    assert locked.returncode == 1 and fake_x.calls == [], locked.output
    done = run_publish_script(project, "--post", env=env)

    assert done.returncode == 0, done.output
    assert "Traceback" not in done.output
    assert len(fake_x.creates) == 2  # the article's announcement and the quote; the repost is in the ledger already
    ledger_text = (project.root / LEDGER).read_text(encoding="utf-8")
    assert ledger_text.startswith(GOOD_LEDGER) and ledger_text.count("\n") == len(EARLIER) + 4  # pending + done, twice


def test_a_bad_queue_file_holds_back_only_itself(built_template, tmp_path, fake_x):
    project = copy_project(built_template, tmp_path / "project")
    project.write_bytes(Q, QUOTE.encode("cp932"))
    before = outputs_and_inputs(project)
    env = {**FAKE_CREDENTIALS, "KBPRESS_X_API_BASE": fake_x.base_url}

    done = run_publish_script(project, "--post", env=env)

    assert "Traceback" not in done.output, done.output
    assert done.returncode == 1, done.output
    assert f"{Q}:4: 文字コードが UTF-8 ではありません (Shift_JIS のようです)。エディタで「UTF-8」を選んで保存し直してください" in done.stderr
    assert f"要対応: {Q}: 読めないため投稿しませんでした" in done.stdout
    assert [body["text"].split("\n")[0] for body in fake_x.creates] == ["【更新情報】不審なメールの見分け方"]
    after = outputs_and_inputs(project)
    assert after["site"] == before["site"] and after["social"][Q.removeprefix("social/")] == before["social"][Q.removeprefix("social/")]
    ledger_text = (project.root / LEDGER).read_text(encoding="utf-8")
    assert ledger_text.startswith(GOOD_LEDGER) and "quote-backup" not in ledger_text
