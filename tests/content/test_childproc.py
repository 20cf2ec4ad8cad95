"""Worker processes behind a pipe: messages in order, one answer, and every way of failing."""

from __future__ import annotations

import pytest

from kbpress.childproc import Worker, WorkerFailed


def test_messages_arrive_in_order_and_the_answer_comes_back():
    worker = Worker("builtins:list", "test-list")
    for number in range(500):
        worker.send({"n": number, "text": "日本語" * 50})
    answer = worker.result(timeout=60)
    assert [message["n"] for message in answer] == list(range(500))
    assert not worker.is_alive()


def test_an_error_in_the_worker_is_reported_with_its_text():
    worker = Worker("builtins:sum", "test-sum")
    worker.send("not a number")
    with pytest.raises(WorkerFailed) as caught:
        worker.result(timeout=60)
    assert caught.value.reported and "TypeError" in str(caught.value)


def test_a_worker_that_dies_is_reported_with_its_exit_code():
    worker = Worker("builtins:list", "test-crash")
    worker._process.kill()  # as the system would, out of memory
    with pytest.raises(WorkerFailed) as caught:
        worker.result(timeout=60)
    assert not caught.value.reported and "終了コード" in str(caught.value)


def test_a_worker_out_of_time_is_stopped():
    worker = Worker("builtins:list", "test-slow")
    with pytest.raises(WorkerFailed, match="秒で終わりませんでした"):
        worker.result(timeout=0)
    assert not worker.is_alive()


def test_a_small_message_reaches_the_worker_at_once():
    # next() answers with the first message without waiting for the end of
    # the input: the worker exits on its own only if the message was not
    # left in a buffer.
    import time

    worker = Worker("builtins:next", "test-next")
    worker.send({"n": 1})
    deadline = time.monotonic() + 20
    while worker.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not worker.is_alive()
    assert worker.result(timeout=60) == {"n": 1}
