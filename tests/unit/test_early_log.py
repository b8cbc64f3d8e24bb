"""The app opens its log file after the first paint; what was logged before is written first, once."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from countyadmin.__main__ import LOG_FILE, EarlyRecords, configure_logging


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_records_before_the_log_file_opens_are_written_first_and_once(
    root_logger: logging.Logger, tmp_path: Path
) -> None:
    early = EarlyRecords().install()
    log = logging.getLogger("countyadmin.test_early_log")
    log.info("before the paint %d", 1)
    log.debug("below the level: never kept")
    log.warning("before the paint %d", 2)

    path = configure_logging(tmp_path / "logs", early)
    log.info("after the paint")

    lines = path.read_text(encoding="utf-8").splitlines()
    assert path == tmp_path / "logs" / LOG_FILE
    assert [line.split(": ", 1)[1] for line in lines] == [
        "before the paint 1",
        "before the paint 2",
        "after the paint",
    ]
    assert early not in root_logger.handlers and early.records == []


def test_early_records_pass_the_secret_filter(root_logger: logging.Logger, tmp_path: Path) -> None:
    early = EarlyRecords().install()
    key = "ca_live_0123456789abcdef0123456789abcdef"
    logging.getLogger("countyadmin.test_early_log").warning("portal said: Authorization: Bearer %s", key)

    path = configure_logging(tmp_path, early)

    text = path.read_text(encoding="utf-8")
    assert "portal said: Authorization: " in text
    assert key not in text
