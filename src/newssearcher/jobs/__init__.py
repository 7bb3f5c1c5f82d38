"""Scale-out: the pipeline's stages as jobs on Procrastinate, with PostgreSQL as the system of
record (and the queue). The embedded default (SQLite, one process) does not use this package."""
