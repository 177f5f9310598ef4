"""pipeline.pool.ordered_map: results in order from a spawned pool, which is closed and joined once the
last result is given, even when the caller never asks past it, and terminated only when the caller stops
early."""
from pipeline import pool


class Recording:
    """A pool that records how it was ended."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def imap(self, *args, **kwargs):
        return self.real.imap(*args, **kwargs)

    def close(self):
        self.calls.append("close")
        self.real.close()

    def join(self):
        self.calls.append("join")
        self.real.join()

    def terminate(self):
        self.calls.append("terminate")
        self.real.terminate()


def test_a_pool_whose_work_is_done_is_closed_and_one_left_early_is_terminated(monkeypatch):
    monkeypatch.setenv("PIPELINE_WORKERS", "2")
    made, spawn = [], pool.spawn_pool
    monkeypatch.setattr(pool, "spawn_pool", lambda workers: made.append(Recording(spawn(workers))) or made[-1])
    items = [-1, -2, -3]
    assert [result for _, result in zip(items, pool.ordered_map(abs, items, pooled=True))] == [1, 2, 3]
    assert made[0].calls == ["close", "join"]  # zip never asked past the last result
    early = pool.ordered_map(abs, items, pooled=True)
    assert next(early) == 1
    early.close()
    assert made[1].calls == ["terminate"]


def test_workers_can_be_terminated_even_when_the_caller_ignores_sigterm(monkeypatch):
    import signal

    monkeypatch.setenv("PIPELINE_WORKERS", "2")
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)  # as a process or an earlier test may leave it
    try:
        found = list(pool.ordered_map(signal.getsignal, [signal.SIGTERM] * 2, pooled=True))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert found == [signal.SIG_DFL, signal.SIG_DFL]  # else Pool.terminate() would wait on them forever


def test_workers_collect_garbage_as_rarely_as_the_parent(monkeypatch):
    import gc

    from pipeline.collector import FIRST_GENERATION_THRESHOLD

    monkeypatch.setenv("PIPELINE_WORKERS", "2")
    found = list(pool.ordered_map(_thresholds, [None] * 2, pooled=True))
    assert [first for first, *_ in found] == [FIRST_GENERATION_THRESHOLD] * 2
    assert all(older == list(gc.get_threshold()[1:]) for _, *older in found)


def _thresholds(_) -> tuple[int, ...]:
    import gc

    return gc.get_threshold()
