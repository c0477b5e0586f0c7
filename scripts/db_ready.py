"""Exit 0 when the PostgreSQL URL given answers within a few seconds, 1 otherwise."""

import sys

import psycopg


def main(url: str) -> int:
    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("select 1")
    except psycopg.Error:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
