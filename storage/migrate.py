"""Apply the schema migrations from the command line (Store.open also does it at start-up).

    python -m storage.migrate [DATABASE_URL] [REVISION]

The URL defaults to the DATABASE_URL setting; the revision to "head".
"""

from __future__ import annotations

import asyncio
import sys

from storage.db import make_engine, upgrade_schema


async def migrate(url: str, revision: str = "head") -> None:
    """Upgrade the database at ``url`` to ``revision``."""
    engine = make_engine(url)
    try:
        await upgrade_schema(engine, revision)
    finally:
        await engine.dispose()


def main(argv: list[str]) -> None:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return
    if argv:
        url = argv[0]
    else:
        from settings import Settings

        url = Settings().database_url
    asyncio.run(migrate(url, *argv[1:2]))
    print(f"{url.split('@')[-1]}: schema at {argv[1] if len(argv) > 1 else 'head'}")


if __name__ == "__main__":
    main(sys.argv[1:])
