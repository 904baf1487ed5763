"""Real components for tests: a throwaway PostgreSQL cluster, free ports, a running service."""
