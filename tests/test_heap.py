"""kg.heap: long-lived data kept out of full collections during a build, and handed back after."""

from __future__ import annotations

import gc
import sys

import pytest

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


FREED_THEN_GIVEN_BACK = """
from pathlib import Path
from kg.heap import give_back

def resident():
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096

blocks = [bytearray(4 * 2**20) for _ in range(2)]
del blocks  # freed mmapped blocks: glibc now serves blocks of this size from its heap
blocks = [bytearray(4 * 2**20) for _ in range(25)]
keep = [bytes(600) for _ in range(100)]  # glibc's blocks (over 512 bytes) above them: free() cannot trim the heap's top
del blocks
before = resident()
give_back()
print(before - resident())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim; elsewhere give_back does nothing")
def test_give_back_returns_freed_heap_pages_to_the_system():
    """Blocks freed after glibc raised its mmap threshold stay in the process until given back (a fresh process: the thresholds are per process)."""
    import os
    import subprocess

    env = {name: value for name, value in os.environ.items() if not name.startswith("MALLOC_")}  # a Dask nanny sets MALLOC_TRIM_THRESHOLD_
    done = subprocess.run([sys.executable, "-c", FREED_THEN_GIVEN_BACK], capture_output=True, text=True, check=True, env=env)
    assert int(done.stdout) > 50 * 2**20
