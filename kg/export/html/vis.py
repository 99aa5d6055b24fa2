"""vis-network, the drawing engine of ``graph.html``, read from the installed pyvis package.

Why from pyvis: pyvis is kg's chosen visualisation stack and ships the
vis-network build it wraps (``pyvis/lib/vis-9.1.2/vis-network.min.js``,
dual licensed Apache-2.0 OR MIT, its notice kept in the file's header), so
kg inlines that copy rather than vendoring a second one. The file is found
without importing pyvis (its import pulls in Jinja templates and IPython
helpers kg does not need to write a page), and its version is checked, so a
pyvis release that moves or changes the file fails with a clear message
instead of a broken page.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

#: The vis-network release the page's script is written and tested against.
VIS_NETWORK_VERSION = "9.1.2"
_RELATIVE = Path("lib") / f"vis-{VIS_NETWORK_VERSION}" / "vis-network.min.js"


class VisNetworkMissing(RuntimeError):
    """pyvis (or the vis-network build inside it) is not where kg expects it."""


def vis_network_path() -> Path:
    """Where the installed pyvis keeps vis-network's minified build.

    Raises:
        VisNetworkMissing: pyvis is not installed, or holds another vis-network.
    """
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise VisNetworkMissing("pyvis is not installed: `pip install pyvis` (kg draws graph.html with the vis-network inside it)")
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / _RELATIVE
        if candidate.is_file():
            return candidate
    raise VisNetworkMissing(
        f"the installed pyvis has no {_RELATIVE.as_posix()}; kg's page is written for vis-network {VIS_NETWORK_VERSION} "
        "(pyvis 0.3.2 ships it)"
    )


@cache
def vis_network_js() -> str:
    """The text of vis-network's minified build, version-checked."""
    path = vis_network_path()
    text = path.read_text(encoding="utf-8")
    if f"@version {VIS_NETWORK_VERSION}" not in text[:1000]:
        raise VisNetworkMissing(f"{path}: expected vis-network {VIS_NETWORK_VERSION}, found another version")
    return text
