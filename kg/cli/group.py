"""The ``kg`` group: store options, the one error path and the exit statuses of every command.

Errors go to stderr as one clear sentence (a refused dataset lists each located
problem below it); never a traceback unless ``KG_DEBUG=1``. Exit status: 0 done,
1 findings (``audit --fail-on``) or a refused transfer, 2 usage error, 3 other error.
"""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg.errors import KgError, UsageError
from kg.stores import BACKENDS, EmbeddedStore, Store, default_backend, default_data_dir, open_store
from kg.stores.locking import lock_timeout_from_env


class Context:
    """Store options from the command line; the store opens on first use."""

    def __init__(
        self,
        backend: str,
        data_dir: str | None,
        uri: str | None,
        user: str | None,
        database: str | None,
        lock_timeout: float | None = None,
    ) -> None:
        self.backend, self.data_dir, self.uri, self.user, self.database = backend, data_dir, uri, user, database
        self.lock_timeout = lock_timeout
        self._store: Store | None = None

    def store(self, *, create: bool = True) -> Store:
        if self._store is None:
            if self.backend == "embedded" and not create:
                self._store = EmbeddedStore(self.data_dir, create=False)
            else:
                self._store = open_store(
                    self.backend, data_dir=self.data_dir, uri=self.uri, username=self.user, database=self.database
                )
        return self._store

    def reader(self) -> Store:
        """The store for a reading command: it must exist and hold completely loaded data."""
        from kg.api import require_ready

        store = self.store(create=False)
        require_ready(store)
        return store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def out_console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def progress_bar() -> Progress:
    """The progress bar of long commands (load, bulk export): on stderr, gone when done."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console(),
        transient=True,
    )


#: exit statuses of every command
EXIT_FINDINGS = 1  # kg audit --fail-on: findings at that severity; check-transfer: not allowed
EXIT_USAGE = 2  # unknown option value, rule, clause, list id …: the message lists the choices
EXIT_ERROR = 3  # anything else: a refused dataset, a store that cannot be reached, …
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


def reader(obj: Any) -> Store:
    """The store of a reading command (see :meth:`Context.reader`); embedding programs
    may pass an object with only ``store()``."""
    fn = getattr(obj, "reader", None)
    if fn is not None:
        return fn()
    from kg.api import require_ready

    store: Store = obj.store()
    require_ready(store)
    return store


def say(message: str) -> None:
    click.echo(message, err=True)


class Interrupted(click.ClickException):
    exit_code = EXIT_INTERRUPTED

    def show(self, file: Any = None) -> None:
        click.echo(f"interrupted: {self.message}", err=True)


class Failure(click.ClickException):
    """A KgError shown as ``error: <sentence>`` on stderr."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.message}", err=True)


class KgGroup(click.Group):
    """Turns kg's own errors into click exceptions, so every command exits the same way."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            what = ctx.invoked_subcommand or "the command"
            if what in ("load", "demo"):
                msg = "the load was stopped by Ctrl-C; the store marks it incomplete — rerun kg load"
            else:
                msg = f"kg {what} was stopped by Ctrl-C"
            raise Interrupted(msg) from None
        except UsageError as e:
            raise click.UsageError(str(e), ctx) from None
        except KgError as e:
            raise Failure(str(e)) from None


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "backend",
    type=click.Choice(BACKENDS),
    default=default_backend,
    show_default="embedded, or $KG_STORE",
    help="Which graph store to use.",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    default=None,
    help=f"Embedded store's data directory (default $KG_DATA_DIR or {default_data_dir()}).",
)
@click.option("--uri", default=None, help="Neo4j URI (default $NEO4J_URI; bolt://, neo4j://, neo4j+s:// …).")
@click.option(
    "--user", default=None, help="Neo4j user (default $NEO4J_USERNAME). The password is read from $NEO4J_PASSWORD only."
)
@click.option("--database", default=None, help="Neo4j database (default $NEO4J_DATABASE, else the server's default).")
@click.option(
    "--lock-timeout",
    type=float,
    default=None,
    help="Seconds to wait for another kg process writing to the store (default $KG_LOCK_TIMEOUT, else as long as it takes).",
)
@click.version_option(package_name="kg")
@click.pass_context
def cli(
    ctx: click.Context,
    backend: str,
    data_dir: str | None,
    uri: str | None,
    user: str | None,
    database: str | None,
    lock_timeout: float | None,
) -> None:
    """kg: who holds which duty and power in township governance, and audits of those lists.

    \b
    Example:
      kg demo                        # load the sample into a fresh embedded store
      kg load data/sample && kg stats
      kg --store neo4j load data/sample
    """
    if ctx.obj is None:  # tests and embedding programs may pass their own (with a store() method)
        if lock_timeout is None:
            lock_timeout = lock_timeout_from_env()
        ctx.obj = Context(backend, data_dir, uri, user, database, lock_timeout)
        ctx.call_on_close(ctx.obj.close)
