"""Interactive explorers that still read well where widgets do not render.

Every widget is shown together with a static HTML copy in the same output. Frontends that run
widgets (JupyterLab, Notebook 7, VS Code, Colab) pick the live widget; GitHub, nbviewer and
exported HTML pick the static copy: for an explorer, a picture of its default state.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
from collections.abc import Callable
from unittest import mock

import matplotlib.pyplot as plt


def figure_to_png_base64(fig) -> str:
    """Encode a matplotlib figure as a base64 PNG (used for static fallbacks)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


STATIC_NOTE = ("Yeh static copy hai: widgets yahan nahi chalte. JupyterLab, Colab ya Binder me "
               "notebook chalaiye aur controls badal kar dekhiye.")


class WithFallback:
    """Display ``widget`` live where possible, else the given static HTML."""

    def __init__(self, widget, static_html: str):
        self.widget = widget
        self.static_html = static_html

    def _repr_mimebundle_(self, **kwargs):
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.static_html
        return bundle


def _render_static(draw: Callable, values: dict) -> str:
    """Run ``draw`` once with ``values`` and return its figure and printed text as HTML."""
    before = set(plt.get_fignums())
    printed = io.StringIO()
    # plt.show() would display (and close) the figure right here, outside the explorer.
    with contextlib.redirect_stdout(printed), mock.patch.object(plt, "show", lambda *a, **k: None):
        draw(**values)
    parts = []
    if printed.getvalue().strip():
        parts.append(f"<pre>{html.escape(printed.getvalue())}</pre>")
    for number in plt.get_fignums():
        if number not in before:
            figure = plt.figure(number)
            parts.append(f'<img src="data:image/png;base64,{figure_to_png_base64(figure)}"/>')
            plt.close(figure)
    return "".join(parts)


def explore(draw: Callable, controls: dict, title: str = "Explorer"):
    """An interactive explorer: ``draw(**values)`` is re-run whenever a control changes.

    ``controls`` maps each argument name of ``draw`` to an ipywidgets control. The returned
    object displays the live explorer, with a static picture of the default state as fallback.
    """
    import ipywidgets as widgets

    defaults = {name: control.value for name, control in controls.items()}
    static = (f"<div><b>{html.escape(title)}</b> — "
              + ", ".join(f"{k} = {v!r}" for k, v in defaults.items())
              + f"<br/><i>{STATIC_NOTE}</i><br/>{_render_static(draw, defaults)}</div>")
    output = widgets.interactive_output(draw, controls)
    box = widgets.VBox([widgets.HTML(f"<b>{html.escape(title)}</b>"),
                        widgets.HBox(list(controls.values())), output])
    return WithFallback(box, static)
