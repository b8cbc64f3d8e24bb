"""CountyAdmin: link a county Preschool provider database with CPSE Portal."""

# The one place the version is written: pyproject.toml reads it from here. A constant, because asking
# importlib.metadata costs a clerk ~35 ms on every start.
__version__ = "0.1.0"
