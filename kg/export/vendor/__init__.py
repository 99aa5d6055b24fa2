"""Third-party browser code that kg inlines into ``graph.html``.

This folder is a package only so that ``importlib.resources`` can find its
files inside an installed wheel. It holds vis-network 9.1.13
(``vis-network.min.js``, the npm package's ``dist/`` build, unmodified),
dual licensed Apache-2.0 OR MIT: see the two ``LICENSE-vis-network-*`` files.
"""
