"""Static chart images (PNG, SVG) rendered by one long-lived kaleido renderer per process.

kaleido's own `start_sync_server` is a singleton whose `calc_fig_sync` shares one result queue
between all callers, so two Dash threads rendering at once can receive each other's image. Here
one daemon thread runs an asyncio loop holding a single `kaleido.Kaleido` (one Chromium, a few
tabs); callers submit with `run_coroutine_threadsafe` and each waits on its own future, which is
thread-safe. Never one Chromium per image: that costs 3-4 s each.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import threading
from collections.abc import Iterable
from pathlib import Path

import kaleido
import plotly.graph_objects as go

from dashboard import figures

PNG_SIZE = {"width": 900, "height": 500, "scale": 3}   # 2700 x 1500 px: print resolution
SVG_SIZE = {"width": 900, "height": 500, "scale": 1}
TIMEOUT_S = 60
# Geo charts fetch their base map from plotly's CDN unless pointed at the app's own copy.
TOPOJSON = (Path(__file__).resolve().parent.parent / "assets" / "topojson").as_uri() + "/"


class _Kaleido(kaleido.Kaleido):
    """kaleido reloads a tab after every image and only then hands back the result (~0.2 s);
    here the reload runs in the background, so the caller gets its image at once and the tab
    rejoins the pool when it is clean. (Private hook: if kaleido renames it, images are just
    slower.)"""

    _reloads: set

    async def _return_kaleido_tab(self, tab) -> None:
        if not hasattr(self, "_reloads"):
            self._reloads = set()
        task = asyncio.create_task(super()._return_kaleido_tab(tab))
        self._reloads.add(task)
        task.add_done_callback(self._reloads.discard)


class Renderer:
    """One Chromium (kaleido) behind an event-loop thread; `render` is safe from any thread."""

    def __init__(self, tabs: int = 2):
        self._tabs = tabs
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: kaleido.Kaleido | None = None
        self._pid: int | None = None

    def _ensure_started(self) -> None:
        # A forked worker (gunicorn) must not reuse its parent's browser: restart per pid.
        if self._pid == os.getpid() and self._kaleido is not None:
            return
        with self._lock:
            if self._pid == os.getpid() and self._kaleido is not None:
                return
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="kaleido-renderer",
                             daemon=True).start()

            async def open_kaleido() -> kaleido.Kaleido:
                k = _Kaleido(n=self._tabs, mathjax=False, timeout=TIMEOUT_S)
                await k.open()
                return k

            self._kaleido = asyncio.run_coroutine_threadsafe(open_kaleido(), loop).result(
                TIMEOUT_S)
            self._loop, self._pid = loop, os.getpid()

    def start(self) -> Renderer:
        """Start Chromium now (otherwise on first use)."""
        self._ensure_started()
        return self

    def render(self, fig: go.Figure | dict, fmt: str, *, width: int, height: int,
               scale: float = 1) -> bytes:
        """One figure as PNG/SVG bytes."""
        return self.render_many([fig], fmt, width=width, height=height, scale=scale)[0]

    def render_many(self, figs: Iterable[go.Figure | dict], fmt: str, *, width: int,
                    height: int, scale: float = 1) -> list[bytes]:
        """Several figures of one size, rendered concurrently on the renderer's tabs."""
        self._ensure_started()
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        k = self._kaleido

        async def run() -> list[bytes]:
            return await asyncio.gather(*(k.calc_fig(f, opts=opts, topojson=TOPOJSON)
                                           for f in figs))

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(TIMEOUT_S * 2)

    def close(self) -> None:
        with self._lock:
            if self._kaleido is None or self._pid != os.getpid():
                return
            asyncio.run_coroutine_threadsafe(self._kaleido.close(), self._loop).result(TIMEOUT_S)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._kaleido = self._loop = self._pid = None


_renderer = Renderer()
atexit.register(_renderer.close)


def renderer() -> Renderer:
    """The process's renderer (started lazily)."""
    return _renderer


def chart_image(figure: dict | go.Figure, data: dict | None, fmt: str) -> bytes:
    """The figure as shown on the page, with its title, caption and demonstration label baked
    in, as PNG (print resolution) or SVG."""
    size = PNG_SIZE if fmt == "png" else SVG_SIZE
    data = data or {}
    fig = figures.export_figure(figure, title=data.get("title") or "",
                                caption=data.get("caption") or "", demo=bool(data.get("demo")),
                                height=size["height"])
    return _renderer.render(fig, fmt, **size)
