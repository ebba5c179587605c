"""Helpers for the browser tests: watching a page for dialogs and console messages."""

from __future__ import annotations

from typing import Any


class Watch:
    """Dialogs (alert, confirm) and console messages a page produces."""

    def __init__(self, page: Any) -> None:
        self.dialogs: list[str] = []
        self.console: list[str] = []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))


def open_page(context: Any, url: str) -> tuple[Any, Watch]:
    page = context.new_page()
    watch = Watch(page)
    response = page.goto(url)
    assert response is None or response.ok, url
    return page, watch
