"""CountyAdmin: link a county Preschool provider database with CPSE Portal."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("countyadmin")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
