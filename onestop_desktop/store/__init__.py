"""Storage: the only package that speaks SQL. One SQLite file per desk, WAL, durable commits."""
