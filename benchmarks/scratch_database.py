"""A PostgreSQL database of a benchmark's own, created fresh beside the server's others and dropped after."""

from __future__ import annotations

import environ
import psycopg


class ScratchDatabase:
    def __init__(self, name: str, server_url: str) -> None:
        config = environ.Env.db_url_config(server_url)
        self.name = name
        self.server = {
            "host": config["HOST"] or "127.0.0.1",
            "port": config["PORT"] or 5432,
            "user": config["USER"],
            "password": config["PASSWORD"] or None,
        }

    @property
    def url(self) -> str:
        password = f":{self.server['password']}" if self.server["password"] else ""
        return f"postgres://{self.server['user']}{password}@{self.server['host']}:{self.server['port']}/{self.name}"

    def recreate(self, *, create: bool = True) -> None:
        """Drops the database (and creates it again unless `create` is false)."""
        with psycopg.connect(**self.server, dbname="postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            if create:
                connection.execute(f"CREATE DATABASE {self.name}")

    def exists(self) -> bool:
        with psycopg.connect(**self.server, dbname="postgres", autocommit=True) as connection:
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (self.name,)).fetchone()
        return found is not None
