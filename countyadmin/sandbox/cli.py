"""``countyadmin-sandbox``: serve the CPSE Portal sandbox on loopback.

The first line on stdout is ``listening on http://HOST:PORT`` (the real port when ``--port 0``);
:class:`countyadmin.sandbox.process.SandboxProcess` reads it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from countyadmin.sandbox import API_KEYS_ENV
from countyadmin.sandbox.server import is_loopback_host


def _parse_api_key(text: str) -> tuple[str, str]:
    key, _, county = text.partition("=")
    if not key.strip():
        raise argparse.ArgumentTypeError("an API key cannot be empty")
    return key.strip(), county.strip() or "Sandbox County"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="countyadmin-sandbox", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (loopback unless --allow-remote)"
    )
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one")
    parser.add_argument("--data", type=Path, required=True, help="folder that keeps the sandbox's state")
    parser.add_argument(
        "--api-key-file",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a file of county API keys, one KEY[=County Name] a line (# starts a comment); keep it "
        f"readable only by you. Keys can also come as JSON {{key: county}} in ${API_KEYS_ENV}",
    )
    parser.add_argument(
        "--api-key",
        action="append",
        default=[],
        type=_parse_api_key,
        metavar="KEY[=County Name]",
        help="a county API key (repeatable); every user of this computer can read it in the process "
        "list, so prefer --api-key-file or the environment variable",
    )
    parser.add_argument("--seed", choices=["demo"], help="load the demo dataset into an empty data folder")
    parser.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    parser.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="shut down when standard input closes (the app that started the sandbox ended, even by a crash)",
    )
    return parser


def _env_keys() -> list[tuple[str, str]]:
    raw = os.environ.pop(API_KEYS_ENV, "")  # popped: nothing this process starts inherits the keys
    if not raw:
        return []
    data = json.loads(raw)
    return [(str(key), str(county)) for key, county in dict(data).items()]


def _file_keys(path: Path) -> list[tuple[str, str]]:
    """The keys in ``path``; raises ValueError with a sentence when a line is not KEY[=County Name]."""
    keys = []
    text = path.read_text(encoding="utf-8-sig")
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            keys.append(_parse_api_key(line))
        except argparse.ArgumentTypeError as exc:
            raise ValueError(f"{path}, line {number}: {exc}") from None
    if os.name == "posix" and path.stat().st_mode & 0o077:
        print(f"warning: other users can read {path}; chmod 600 it", file=sys.stderr, flush=True)
    return keys


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not is_loopback_host(args.host) and not args.allow_remote:
        parser.error(
            f"refusing to listen on {args.host}: the sandbox has test keys and no TLS. "
            "Use 127.0.0.1, or add --allow-remote if you really mean it."
        )
    try:
        api_keys = [*args.api_key, *_env_keys()]
    except (ValueError, TypeError) as exc:
        parser.error(f"${API_KEYS_ENV} must be a JSON object of key -> county name ({exc})")
    for key_file in args.api_key_file:
        try:
            api_keys += _file_keys(key_file)
        except OSError as exc:
            parser.error(f"cannot read the API key file {key_file}: {exc.strerror or exc}")
        except ValueError as exc:
            parser.error(f"the API key file must have one KEY[=County Name] a line ({exc})")

    # Imported late so that --help and the refusal above stay fast and need no server packages.
    from countyadmin.sandbox.app import create_app
    from countyadmin.sandbox.seed import seed_dataset
    from countyadmin.sandbox.server import bind_socket, make_server
    from countyadmin.sandbox.store import Store

    store = Store(args.data)
    for key, county in api_keys:
        store.add_api_key(key, county)
    if args.seed:
        seed_dataset(store, args.seed)
    try:
        sock = bind_socket(args.host, args.port)
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"listening on http://{shown}:{port}", flush=True)
    server = make_server(create_app(store))
    if args.exit_with_parent:
        _exit_when_stdin_closes(server)
    try:
        server.run(sockets=[sock])  # uvicorn handles SIGINT/SIGTERM with a graceful shutdown
    finally:
        sock.close()
        store.close()
    return 0


def _exit_when_stdin_closes(server: Any) -> None:
    """Stop ``server`` once standard input reaches its end.

    The app keeps the write end of a pipe to our standard input and never writes to it. The system closes
    that end whenever the app ends, also when it is killed or crashes, so a demo sandbox never outlives
    the app that started it (on Windows as on Linux, with no polling of process ids).
    """

    try:
        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):  # e.g. a windowed build started without a pipe
        print("no standard input to watch; --exit-with-parent is off", file=sys.stderr, flush=True)
        return

    def watch() -> None:
        # os.read, not sys.stdin: a daemon thread blocked inside the buffered reader aborts the
        # interpreter at exit ("could not acquire lock ... at interpreter shutdown").
        try:
            while os.read(fd, 4096):
                pass
        except OSError:
            pass
        server.should_exit = True  # uvicorn checks it every tick and shuts down gracefully

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


if __name__ == "__main__":
    raise SystemExit(main())
