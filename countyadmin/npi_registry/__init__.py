"""The NPPES NPI Registry (public API v2.1): typed records, typed errors and the HTTP client."""
