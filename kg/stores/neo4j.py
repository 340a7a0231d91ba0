"""The Neo4j store: a Neo4j server through the official ``neo4j`` driver; reads in read
transactions, writes in managed write transactions with the driver's retries."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import exceptions as nx

from kg.errors import StoreError
from kg.stores.base import (
    POWER_ROWS,
    READ_ONLY_MESSAGE,
    SEED_POWERS,
    Result,
    Store,
    obsolete_schema_statements,
    plain,
    schema_statements,
)


@dataclass
class Neo4jSettings:
    uri: str
    username: str
    password: str
    database: str | None = None

    @classmethod
    def from_env(
        cls, uri: str | None = None, username: str | None = None, database: str | None = None
    ) -> Neo4jSettings:
        uri = uri or os.environ.get("NEO4J_URI") or "bolt://localhost:7687"
        username = username or os.environ.get("NEO4J_USERNAME") or os.environ.get("NEO4J_USER") or "neo4j"
        password = os.environ.get("NEO4J_PASSWORD")
        if password is None:
            raise StoreError("NEO4J_PASSWORD is not set; kg reads the Neo4j password only from the environment")
        database = database or os.environ.get("NEO4J_DATABASE") or None
        return cls(uri=uri, username=username, password=password, database=database)


NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jStore(Store):
    backend = "neo4j"

    def __init__(self, settings: Neo4jSettings | None = None) -> None:
        self.settings = settings or Neo4jSettings.from_env()
        s = self.settings
        scheme = s.uri.split("://", 1)[0].lower() if "://" in s.uri else ""
        if scheme not in NEO4J_SCHEMES:
            raise StoreError(
                f"the Neo4j URI {s.uri!r} must start with one of {', '.join(x + '://' for x in NEO4J_SCHEMES)}"
            )
        try:
            self._driver: Any = neo4j.GraphDatabase.driver(s.uri, auth=(s.username, s.password))
            self._driver.verify_connectivity()
        except nx.AuthError:
            raise StoreError(f"Neo4j at {s.uri} refused the credentials of user {s.username!r}") from None
        except (nx.ServiceUnavailable, OSError):
            raise StoreError(f"cannot connect to Neo4j at {s.uri}: connection refused or server unavailable") from None
        except (ValueError, nx.ConfigurationError) as e:
            raise StoreError(f"the Neo4j URI {s.uri!r} is not valid: {e}") from None
        except nx.Neo4jError as e:
            raise StoreError(f"Neo4j at {s.uri} refused the connection: {e.message}") from None

    def describe(self) -> str:
        db = self.settings.database or "default database"
        return f"Neo4j at {self.settings.uri} ({db})"

    def _session(self) -> Any:
        return self._driver.session(database=self.settings.database)  # None: the server's default

    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Result:
        def work(tx: Any) -> Result:
            res = tx.run(cypher, params or {})
            keys = list(res.keys())
            return Result(columns=keys, rows=[[plain(v) for v in rec.values()] for rec in res])

        try:
            with self._session() as session:
                return session.execute_write(work) if write else session.execute_read(work)
        except nx.AuthError:
            raise StoreError(f"Neo4j at {self.settings.uri} refused the credentials") from None
        except nx.ServiceUnavailable:
            raise StoreError(f"lost the connection to Neo4j at {self.settings.uri}") from None
        except nx.ClientError as e:
            if "AccessMode" in (e.code or ""):
                raise StoreError(READ_ONLY_MESSAGE) from None
            if (e.code or "").endswith("DatabaseNotFound"):
                raise StoreError(f"Neo4j at {self.settings.uri} has no database {self.settings.database!r}") from None
            raise StoreError(f"Neo4j refused the query: {e.message}") from None
        except nx.Neo4jError as e:
            raise StoreError(f"Neo4j failed: {e.message}") from None

    def ensure_schema(self) -> None:
        for stmt in schema_statements() + obsolete_schema_statements():
            self.run(stmt, write=True)
        self.run(SEED_POWERS, {"rows": POWER_ROWS}, write=True)

    def close(self) -> None:
        drv = getattr(self, "_driver", None)
        if drv is not None:
            drv.close()
            self._driver = None
