"""`make bench`'s load test: a deadline week played by Locust against `revmech serve` on
PostgreSQL, on loopback only, bounded in users and time (docs/performance.md)."""
