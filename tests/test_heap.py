"""kg.heap: long-lived data kept out of full collections during a build, and handed back after."""

from __future__ import annotations

import gc

from kg.heap import long_lived, settle


def test_settle_freezes_only_inside_long_lived_and_leaving_unfreezes():
    held = [[i] for i in range(100)]  # tracked objects alive while settling
    settle()
    assert gc.get_freeze_count() == 0, "outside long_lived a library caller's process must not be left frozen"
    with long_lived():
        settle()
        assert gc.get_freeze_count() >= len(held)
        with long_lived():  # nested: the inner exit must not unfreeze what the outer one settled
            pass
        assert gc.get_freeze_count() >= len(held)
    assert gc.get_freeze_count() == 0


def test_leaving_on_an_error_unfreezes_too():
    try:
        with long_lived():
            settle()
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert gc.get_freeze_count() == 0
