"""Running the web app with uvicorn: read the store once, then serve it."""

from __future__ import annotations

import time

from rich.console import Console


def serve(*, db: str, host: str, port: int, token: str | None, console: Console) -> None:
    """Serve the store `db` at http://host:port until interrupted."""
    import uvicorn

    from crosswire.present.html.app import create_app

    started = time.perf_counter()
    app = create_app(db=db, token=token)
    console.print(f"read {db} in {time.perf_counter() - started:.1f}s; serving http://{host}:{port}/ (Ctrl+C stops)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"[yellow]warning:[/yellow] listening on {host}: anyone who can reach it can read the store")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
