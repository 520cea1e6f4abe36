"""Stops the test run early, with the fix, when PostgreSQL or Redis is not reachable."""

import os
import sys

import environ
import psycopg
import redis

POSTGRES_HINT = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
REDIS_HINT = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'


def check_postgres(url: str) -> str | None:
    config = environ.Env.db_url_config(url)
    try:
        psycopg.connect(
            host=config["HOST"] or "127.0.0.1",
            port=config["PORT"] or 5432,
            user=config["USER"],
            password=config["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as error:
        where = f"{config['HOST']}:{config['PORT']}"
        return f"PostgreSQL is not reachable at {where} ({error}).\n  Start it with: {POSTGRES_HINT}"
    return None


def check_redis(url: str) -> str | None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return f"Redis is not reachable at {url} ({error}).\n  Start it with: {REDIS_HINT}"
    return None


def main() -> int:
    problems = [
        problem
        for problem in (check_postgres(os.environ["DATABASE_URL"]), check_redis(os.environ["REDIS_URL"]))
        if problem
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
