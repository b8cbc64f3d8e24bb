"""Write contract/openapi.json from the sandbox app: ``python -m countyadmin.sandbox.export_openapi``."""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

CONTRACT_PATH = Path(__file__).resolve().parents[2] / "contract" / "openapi.json"


def contract_schema() -> dict[str, Any]:
    from countyadmin.sandbox.app import build_app

    with tempfile.TemporaryDirectory() as data_dir:
        app = build_app(Path(data_dir))
        schema = app.openapi()
        app.state.store.close()
        return schema


def contract_text() -> str:
    # Stable text (sorted keys would scramble path order; FastAPI's order is already deterministic).
    return json.dumps(contract_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=CONTRACT_PATH)
    args = parser.parse_args(argv)
    args.output.write_text(contract_text(), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
