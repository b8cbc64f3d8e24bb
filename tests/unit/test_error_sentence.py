"""A database error reaches the clerk as a sentence, never as the driver's text and the SQL statement."""

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from countyadmin.gui.context import DATABASE_TROUBLE, error_sentence


def test_a_database_error_is_a_sentence_without_sql() -> None:
    engine = create_engine("sqlite://")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT * FROM portal_missing_table"))
    except OperationalError as error:
        sentence = error_sentence(error)
    assert sentence == DATABASE_TROUBLE
    assert "SELECT" not in sentence and "sqlite3" not in sentence


def test_other_errors_keep_their_own_sentence() -> None:
    assert error_sentence(ValueError("The file is not a workbook")) == "The file is not a workbook."
