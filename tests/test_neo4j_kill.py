"""Killing the Neo4j server in the middle of a load.

A private Neo4j (scripts/neo4j-local on free ports, with its own state directory) gets a
generated dataset loaded in batches of :data:`BATCH` rows by a separate process; once a
third of the rows are written the server is killed with SIGKILL. Then:

1. the loader ends with kg's one-sentence StoreError (once the driver's own retries
   give up, about a minute after the kill; checked last, as steps 2-4 run meanwhile),
   not a traceback;
2. Neo4j is started again **on the killed server's own files** and runs its crash
   recovery. (``scripts/neo4j-local start`` cannot do that: it wipes its data directory,
   and the harness puts each run's DBMS home in a new random sub-folder. A SIGKILL leaves
   that folder behind, so this test opens it with ``DatabaseManagementServiceBuilder``
   from the same Neo4j 5.26 jars, through a few lines of Java run as a source file.)
3. what the recovered graph holds is a whole number of batches: the rows of this dataset
   in the database are exactly the first *m* batches of the load plan, in write order,
   with *m* at least the number of batches the loader saw committed and at most one more
   (the batch in flight when the server died may or may not have committed); every node
   written has all its properties;
4. running the same load again on the recovered server completes it: the graph then
   holds every node and relationship of the dataset, once.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import STORES

from kg.generate import generate_dataset
from kg.ingest.dataset import read_dataset
from kg.ingest.load import build_plan, load_dataset
from kg.model import NODE_KINDS
from kg.stores import Neo4jSettings, Neo4jStore, batches

REPO = Path(__file__).resolve().parent.parent
BATCH = 500
TOWNSHIPS = 48
PASSWORD = "kgkilltest"

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif("neo4j" not in STORES, reason="Neo4j is not among KG_TEST_STORES"),
    pytest.mark.timeout(240),
]

RECOVER_JAVA = textwrap.dedent("""
    import java.nio.file.Files;
    import java.nio.file.Path;
    import org.neo4j.configuration.GraphDatabaseSettings;
    import org.neo4j.configuration.connectors.BoltConnector;
    import org.neo4j.configuration.connectors.HttpConnector;
    import org.neo4j.configuration.connectors.HttpsConnector;
    import org.neo4j.configuration.helpers.SocketAddress;
    import org.neo4j.dbms.api.DatabaseManagementService;
    import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

    /** Start Neo4j on an existing DBMS home (crash recovery runs on start); Bolt only. */
    public class Recover {
        public static void main(String[] args) throws Exception {
            Path home = Path.of(args[0]);
            int port = Integer.parseInt(args[1]);
            DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                    .setConfig(GraphDatabaseSettings.logs_directory, home.resolve("recovery-logs"))
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .build();
            dbms.database("neo4j").executeTransactionally("RETURN 1");
            Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
            Files.writeString(home.resolve("RECOVERED"), "ok");
            System.out.println("recovered: bolt://127.0.0.1:" + port);
            Thread.currentThread().join();
        }
    }
""")

LOADER = textwrap.dedent("""
    import sys
    from kg.errors import StoreError
    from kg.ingest.load import load_dataset
    from kg.stores import Neo4jSettings, Neo4jStore
    uri, path, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
    try:
        store = Neo4jStore(Neo4jSettings.from_env(uri))
        load_dataset(store, path, progress=lambda stage, done, total: print(stage, done, total, flush=True), batch_size=batch)
    except StoreError as e:
        print(f"StoreError: {e}", file=sys.stderr, flush=True)
        sys.exit(3)
    print("finished", flush=True)
""")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen[Any], timeout: float, log: Path) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            pytest.fail(
                f"the recovery server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(
        f"the recovery server did not open port {port} in {timeout:.0f}s:\n{log.read_text(errors='replace')[-3000:]}"
    )


def plan_batches(path: Path) -> tuple[list[tuple[str, list[str]]], dict[str, dict[str, Any]]]:
    """The load's batches in write order: (group, keys) — node ids or relationship keys."""
    plan = build_plan(read_dataset(path))
    out: list[tuple[str, list[str]]] = []
    node_rows: dict[str, dict[str, Any]] = {}
    for kind in NODE_KINDS:
        rows = plan.nodes.get(kind.LABEL, [])
        for chunk in batches(rows, BATCH):
            out.append((f"node:{kind.LABEL}", [r["id"] for r in chunk]))
        node_rows.update({r["id"]: r for r in rows})
    for (rel_type, sl, el), rows in plan.rels.items():
        for chunk in batches(rows, BATCH):
            out.append((f"rel:{rel_type}:{sl}:{el}", [r["props"]["key"] for r in chunk]))
    return out, node_rows


def persisted(store: Neo4jStore, dataset: str) -> dict[str, set[str]]:
    """Node ids and relationship keys of this dataset in the graph, by batch group."""
    out: dict[str, set[str]] = {}
    for label, n_id in store.run("MATCH (n) WHERE n.dataset = $ds RETURN labels(n)[0], n.id", {"ds": dataset}).rows:
        out.setdefault(f"node:{label}", set()).add(n_id)
    q = "MATCH (a)-[r]->(b) WHERE r.dataset = $ds RETURN type(r), labels(a)[0], labels(b)[0], r.key"
    for t, sl, el, key in store.run(q, {"ds": dataset}).rows:
        out.setdefault(f"rel:{t}:{sl}:{el}", set()).add(key)
    return out


@pytest.fixture
def private_server(tmp_path: Path) -> Any:
    state = tmp_path / "neo4j-state"
    bolt, http = free_port(), free_port()
    env = {
        **os.environ,
        "KG_NEO4J_STATE_DIR": str(state),
        "KG_NEO4J_BOLT_PORT": str(bolt),
        "KG_NEO4J_HTTP_PORT": str(http),
        "KG_NEO4J_PASSWORD": PASSWORD,
        "KG_NEO4J_HEAP": "512m",
    }
    started = subprocess.run(
        [str(REPO / "scripts" / "neo4j-local"), "start"],
        env=env,
        capture_output=True,
        text=True,
        timeout=200,
        check=False,
    )
    assert started.returncode == 0, started.stderr[-3000:]
    info: dict[str, Any] = {"state": state, "bolt": bolt, "env": env, "pid": int((state / "pid").read_text())}
    yield info
    # the server is normally dead by now (SIGKILL); make sure, and stop any recovery server
    for pid in (info["pid"], info.get("recovery_pid")):
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    rec = info.get("recovery")
    if rec is not None:
        rec.wait(timeout=30)


def test_kill_mid_load_then_recover_and_rerun(
    private_server: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    t_start = time.monotonic()
    data = generate_dataset(tmp_path / "ds", TOWNSHIPS, seed=11)
    order, node_rows = plan_batches(data.path)
    dataset = read_dataset(data.path).id
    total_rows = sum(len(keys) for _, keys in order)

    # 1. load in a separate process; SIGKILL the server once a third of the rows are in
    uri = f"bolt://127.0.0.1:{private_server['bolt']}"
    env = {**os.environ, "NEO4J_PASSWORD": PASSWORD, "NEO4J_USERNAME": "neo4j", "PYTHONPATH": str(REPO)}
    env.pop("NEO4J_DATABASE", None)
    loader = subprocess.Popen(
        [sys.executable, "-c", LOADER, uri, str(data.path), str(BATCH)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert loader.stdout is not None
    committed = 0
    for line in loader.stdout:
        stage, done, _total = line.rsplit(maxsplit=2)  # stages may hold spaces ("read and validate")
        if stage == "write":
            committed = int(done)
            if committed >= total_rows // 3:
                break
    else:
        pytest.fail(f"the load ended before the kill: {loader.wait()} {loader.stderr.read() if loader.stderr else ''}")
    os.kill(private_server["pid"], signal.SIGKILL)
    t_kill = time.monotonic()

    # 2. meanwhile, restart Neo4j on the killed server's files (crash recovery)
    homes = [
        p for p in (private_server["state"] / "data").iterdir() if p.is_dir() and re.fullmatch(r"[0-9a-f]{32}", p.name)
    ]
    assert len(homes) == 1, f"expected the killed server's DBMS home under {private_server['state'] / 'data'}: {homes}"
    home = homes[0]
    assert (home / "data" / "databases" / "neo4j").is_dir()
    src = tmp_path / "Recover.java"
    src.write_text(RECOVER_JAVA, encoding="utf-8")
    port = free_port()
    lib = REPO / "neo4j-local" / "target"
    rec_log = tmp_path / "recover.log"
    recovery = subprocess.Popen(
        [
            "java",
            "-Xmx512m",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-cp",
            f"{lib / 'classes'}:{lib / 'lib'}/*",
            str(src),
            str(home),
            str(port),
        ],
        stdout=rec_log.open("w"),
        stderr=subprocess.STDOUT,
    )
    private_server["recovery"], private_server["recovery_pid"] = recovery, recovery.pid

    wait_for_port(port, recovery, 90, rec_log)
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)
    store = Neo4jStore(Neo4jSettings(f"bolt://127.0.0.1:{port}", "neo4j", PASSWORD))
    try:
        # 3. the recovered graph holds whole batches: exactly the first m of the plan
        have = persisted(store, dataset)
        got_rows = sum(len(v) for v in have.values())
        m, rows_of_m = 0, 0
        while m < len(order) and rows_of_m < got_rows:
            rows_of_m += len(order[m][1])
            m += 1
        expected: dict[str, set[str]] = {}
        for group, keys in order[:m]:
            expected.setdefault(group, set()).update(keys)
        assert have == expected, f"not a whole number of batches: {got_rows} rows persisted; " + ", ".join(
            f"{g}: {len(have.get(g, set()))} vs {len(expected.get(g, set()))}"
            for g in sorted(set(have) | set(expected))
            if have.get(g) != expected.get(g)
        )
        seen_batches = next(i for i in range(len(order) + 1) if sum(len(k) for _, k in order[:i]) >= committed)
        assert seen_batches <= m <= seen_batches + 1, (committed, seen_batches, m)
        assert 0 < m < len(order), "the kill should land in the middle of the load"
        for row in store.run("MATCH (n) WHERE n.dataset = $ds RETURN properties(n)", {"ds": dataset}).rows:
            props = row[0]
            assert props == node_rows[props["id"]], f"node {props['id']} is incomplete"

        # 4. the same load again completes it, once the interrupted loader has given up
        # (the driver retries a transaction for 30 s against the dead server, then the
        # loader reports the lost server and exits; its write lock is then taken over)
        _, err = loader.communicate(timeout=150)
        t_error = time.monotonic() - t_kill
        t0 = time.monotonic()
        load_dataset(store, data.path, batch_size=BATCH)
        rerun = time.monotonic() - t0
        full: dict[str, set[str]] = {}
        for group, keys in order:
            full.setdefault(group, set()).update(keys)
        assert persisted(store, dataset) == full
        assert store.run("MATCH (n) WHERE n.dataset = $ds RETURN count(n)", {"ds": dataset}).value() == len(node_rows)
        assert store.run(
            "MATCH ()-[r]->() WHERE r.dataset = $ds RETURN count(r)", {"ds": dataset}
        ).value() == total_rows - len(node_rows)
    finally:
        store.close()

    # the loader reported the lost server in one sentence
    assert loader.returncode == 3, f"loader exit {loader.returncode}: {err[-2000:]}"
    message = err.strip().splitlines()[-1]
    assert message.startswith("StoreError: ") and f"Neo4j at {uri}" in message, err[-2000:]
    assert "Traceback" not in err and not re.search(r"[.!?]\s+[A-Z]", message), err[-2000:]
    print(
        f"\n[kill] {total_rows} rows in {len(order)} batches of {BATCH}; killed after {committed} rows; "
        f"{m} batches ({got_rows} rows) survived; error after {t_error:.1f}s; rerun {rerun:.1f}s; "
        f"test {time.monotonic() - t_start:.1f}s; loader said: {message}"
    )
