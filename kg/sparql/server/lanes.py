"""Which query worker gets the next job: lanes of a few busy workers, each sent a short line of jobs.

Why: a worker that wakes for one job at a time, among more workers than
cores, pays for it in CPU: its process is switched in, its caches were
just used by another worker, it sleeps again. Measured on two cores, six
workers each sent one light query at a time spent about twice the CPU per
query of two workers that always had the next query at hand. So light
traffic keeps to one busy worker per core (a *lane*; idle workers are taken
last in, first out, the warmest first), and each is sent up to ``depth``
jobs at once, which it answers in order without waiting for the server.

The price is a job waiting behind a slow one. A worker's current job that
has run for ``move_after`` seconds no longer counts as a lane: no job is
sent behind it, the jobs already waiting behind it are taken back (the
worker is told to skip them, see :mod:`kg.sparql.server.inbox`) and sent
elsewhere, and an idle worker opens a new lane. Time limits are unchanged:
a job's limit runs from when it becomes its worker's current job.
"""

from __future__ import annotations

import collections

from kg.sparql.server.process import WorkerProcess

__all__ = ["Lanes", "Moved"]


class Moved(Exception):
    """The job never began on its worker (taken back from behind a slow job, or its worker died first): send it again."""


class Lanes:
    """The workers with jobs sent and not answered, and the rule for where the next job goes."""

    def __init__(self, lanes: int, depth: int, move_after: float) -> None:
        self.lanes = max(1, lanes)
        self.depth = max(1, depth)
        self.move_after = move_after
        self.active: list[WorkerProcess] = []

    def choose(self, idle: collections.deque[WorkerProcess], now: float, generation: int) -> WorkerProcess | None:
        """The worker for the next job (made active), or ``None`` when every lane is full and no idle worker may open one.

        An idle worker while fewer than ``lanes`` workers have a young current
        job (a worker stuck on a slow query does not count), else the lane with
        the shortest line, if it is shorter than ``depth``.
        """
        young, best = self._young(now, generation)
        if idle and young < self.lanes:
            worker = idle.pop()  # the most recently used: its caches are warm
            self.active.append(worker)
            return worker
        return best

    def full(self, idle: collections.deque[WorkerProcess], now: float, generation: int) -> bool:
        """Whether :meth:`choose` would return ``None`` now (a job would wait in the pool's line)."""
        young, best = self._young(now, generation)
        return best is None and not (idle and young < self.lanes)

    def _young(self, now: float, generation: int) -> tuple[int, WorkerProcess | None]:
        """Lanes whose current job is young, and the one of them with the shortest line shorter than ``depth``."""
        young = 0
        best: WorkerProcess | None = None
        for worker in self.active:
            pending = worker.channel.pending
            if not pending or now - (pending[0].started or now) >= self.move_after or worker.retiring or worker.generation != generation:
                continue
            young += 1
            if len(pending) < self.depth and (best is None or len(pending) < len(best.channel.pending)):
                best = worker
        return young, best

    def next_opening(self, now: float, generation: int) -> float | None:
        """When the oldest young lane's current job turns ``move_after`` old, or ``None`` if no lane is young.

        From then on :meth:`choose` may open a lane on an idle worker: the pool looks again at
        that moment (see :meth:`kg.sparql.server.pool.QueryPool._pump`), since a lane stuck on a
        slow job answers nothing that would make it look.
        """
        opening: float | None = None
        for worker in self.active:
            pending = worker.channel.pending
            if not pending or worker.retiring or worker.generation != generation:
                continue
            started = pending[0].started
            when = (now if started is None else started) + self.move_after
            if when > now and (opening is None or when < opening):
                opening = when
        return opening

    def take_back(self, now: float) -> bool:
        """Take back the jobs waiting behind current jobs older than ``move_after`` (their callers send them
        again); whether some line is still young, with jobs behind its current one (look again later)."""
        again = False
        for worker in self.active:
            pending = worker.channel.pending
            if len(pending) < 2:
                continue
            if now - (pending[0].started or now) < self.move_after:
                again = True
                continue
            for entry in list(pending)[1:]:
                if not entry.dropped:
                    entry.dropped = True
                    worker.channel.send((entry.ident, None))  # the worker skips it, unless it has begun it
                    if not entry.future.done():
                        entry.future.set_exception(Moved())
        return again

    def discard(self, worker: WorkerProcess) -> None:
        if worker in self.active:
            self.active.remove(worker)
