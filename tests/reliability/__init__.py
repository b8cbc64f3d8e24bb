"""Reliability suite: faults, concurrency, bad input, secrets and TLS (marker ``reliability``)."""
