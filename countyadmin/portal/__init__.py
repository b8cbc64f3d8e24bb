"""The CPSE Portal county API: typed results, typed errors and the HTTP client."""
