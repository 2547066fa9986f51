"""Helpers for scripts/run.sh: model fingerprint, endpoints file, port checks, readiness waits.

Standard library, PyYAML and bot.settings (in the project's venv). Run as
``python scripts/runtools.py CMD``:

* ``fingerprint`` prints a SHA-256 over domain, config and NLU/dialogue data (and the Rasa
  version), so run.sh retrains only when the model is stale;
* ``endpoints BASE OUT`` writes the endpoints file for this run from BASE and the settings
  (``RASA_HOST``, ``RASA_PORT``, ``ACTIONS_TOKEN``, ``TRACKER_DB_URL``, ``REDIS_URL``;
  bot/settings.py checked them);
* ``check-port HOST PORT NAME`` fails with a clear message when the port is taken;
* ``wait-http URL NAME PID TIMEOUT`` polls URL until it answers 2xx, the process PID dies, or
  TIMEOUT seconds pass;
* ``token`` prints a random API token;
* ``haproxy-errors DIR`` writes the load balancer's apology replies (deploy/haproxy.cfg) from
  the message catalogue: one REST reply per chat language, and the error pages.

Every network access goes to the URL or host given on the command line (127.0.0.1 in run.sh).
"""

from __future__ import annotations

import argparse
import ast
import errno
import hashlib
import importlib.metadata
import json
import os
import secrets
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from the lock
    import tomli as tomllib

from bot.messages import text as catalogue_text
from bot.names import CHAT_LANGUAGES
from bot.settings import Settings, SettingsError, load

# Rasa's own inputs; the project's Python code that training runs is found from config.yml.
MODEL_INPUTS = ("domain.yml", "domain", "config.yml", "data")


def _files_under(path: Path) -> list[Path]:
    """Return ``path`` itself if it is a file, else every file below it, in a stable order."""
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return []


def _module_file(root: Path, module: str) -> Path | None:
    """The project file of a dotted module name (a package's __init__.py), or None."""
    base = root.joinpath(*module.split("."))
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _imported(root: Path, file: Path) -> set[str]:
    """The modules `file` imports (absolute names; the project's and others)."""
    package = ".".join(file.relative_to(root).with_suffix("").parts)
    if file.name != "__init__.py":
        package = package.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)  # submodules
    return names


def component_sources(root: Path) -> list[Path]:
    """The project's files that training runs: config.yml's components and what they import.

    A component named by module path (``bot.nlu.no_words.NoWordsClassifier``) is project code;
    its imports are followed through the project (each package's __init__.py included, as
    Python runs it), plus the data files pyproject.toml packages with them (the rate card).
    """
    config = yaml.safe_load((root / "config.yml").read_text(encoding="utf-8")) or {}
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = pyproject.get("tool", {}).get("setuptools", {}).get("package-data", {})
    steps = [*(config.get("pipeline") or []), *(config.get("policies") or [])]
    pending = [str(step["name"]).rpartition(".")[0] for step in steps if "." in str(step["name"])]
    found: set[Path] = set()
    while pending:
        module = pending.pop()
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):  # importing a.b.c runs a and a.b first
            name = ".".join(parts[:depth])
            file = _module_file(root, name)
            if file is None or file in found:
                continue
            found.add(file)
            pending.extend(_imported(root, file))
            for pattern in package_data.get(name, ()):
                found.update(file.parent.glob(pattern))
    return sorted(found)


def fingerprint(root: Path) -> str:
    """Hash what a Rasa model is trained from (names and contents) and the Rasa version."""
    digest = hashlib.sha256()
    try:
        digest.update(f"rasa=={importlib.metadata.version('rasa')}\n".encode())
    except importlib.metadata.PackageNotFoundError:
        digest.update(b"rasa==unknown\n")
    inputs = [file for name in MODEL_INPUTS for file in _files_under(root / name)]
    for file in [*inputs, *component_sources(root)]:
        digest.update(file.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).hexdigest().encode() + b"\n")
    return digest.hexdigest()


# The project's tracker store (stores/tracker_store.py): Rasa's SQL store, versioned cache.
TRACKER_STORE_CLASS = "stores.tracker_store.CachingSQLTrackerStore"
# Rasa's Redis lock store with atomic ticket changes (stores/lock_store.py).
LOCK_STORE_CLASS = "stores.lock_store.AtomicRedisLockStore"


def tracker_store_config(url: str) -> dict[str, Any]:
    """Return the tracker store config for an SQLAlchemy URL such as ``postgresql://``.

    Like Rasa's ``SQLTrackerStore``, it takes a ``url`` that contains ``://`` as the complete
    database URL.
    """
    dialect = url.split("://", 1)[0].split("+", 1)[0]
    return {"type": TRACKER_STORE_CLASS, "dialect": dialect, "url": url}


def lock_store_config(url: str) -> dict[str, Any]:
    """Return the Redis lock store config for a checked ``redis://`` or ``rediss://`` URL."""
    parts = urllib.parse.urlsplit(url)
    assert parts.hostname, "bot.settings checks REDIS_URL"
    config: dict[str, Any] = {
        "type": LOCK_STORE_CLASS,
        "url": parts.hostname,
        "port": parts.port or 6379,
        "use_ssl": parts.scheme == "rediss",
    }
    if parts.username:
        config["username"] = urllib.parse.unquote(parts.username)
    if parts.password:
        config["password"] = urllib.parse.unquote(parts.password)
    db = parts.path.strip("/")
    if db:
        config["db"] = int(db)
    return config


def endpoints_config(base: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """Apply the settings to an endpoints config.

    Rasa calls the action server (``ACTIONS_URL``, else ``ACTIONS_PORT`` on loopback) through
    its action guard, in the Rasa process (channels/action_guard.py), with ``ACTIONS_TOKEN`` as
    a bearer token when set; ``TRACKER_DB_URL`` and ``REDIS_URL`` choose the stores.
    """
    config = dict(base)
    action_endpoint = dict(config.get("action_endpoint") or {})
    action_endpoint["url"] = settings.action_server_url()
    token = settings.actions_token.get_secret_value()
    if token:
        action_endpoint["headers"] = {"Authorization": f"Bearer {token}"}
    config["action_endpoint"] = action_endpoint
    if settings.tracker_db_url:
        config["tracker_store"] = tracker_store_config(settings.tracker_db_url)
    if settings.redis_url:
        config["lock_store"] = lock_store_config(settings.redis_url)
    return config


def write_endpoints(base_path: Path, out_path: Path, settings: Settings) -> None:
    """Write the endpoints file for this run (mode 0600: it may hold database passwords)."""
    base = yaml.safe_load(base_path.read_text(encoding="utf-8")) or {}
    config = endpoints_config(base, settings)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    text = "# Written by scripts/run.sh from endpoints.yml and the environment. Do not edit.\n"
    text += yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(out_path, 0o600)


def write_haproxy_errors(out: Path) -> None:
    """Write the apology replies HAProxy sends when no Rasa instance can take a request.

    ``unavailable-LANG.json``: a REST channel reply (HAProxy log-format: the sender is filled
    in); ``5xx.http``: complete HTTP answers for HAProxy's own errors, in all three languages.
    """
    texts = {
        language: catalogue_text("service.unavailable", language) for language in CHAT_LANGUAGES
    }
    out.mkdir(parents=True, exist_ok=True)
    for language, text in texts.items():
        escaped = json.dumps(text, ensure_ascii=False).replace("%", "%%")
        reply = '[{"recipient_id": "%[var(txn.sender),json(utf8s)]", "text": ' + escaped + "}]\n"
        (out / f"unavailable-{language}.json").write_text(reply, encoding="utf-8")
    body = json.dumps(
        [{"recipient_id": "", "text": " / ".join(texts[lang] for lang in CHAT_LANGUAGES)}],
        ensure_ascii=False,
    ).encode()
    for status, reason in (
        (502, "Bad Gateway"),
        (503, "Service Unavailable"),
        (504, "Gateway Timeout"),
    ):
        head = (
            f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json; charset=utf-8\r\n"
            f"Cache-Control: no-store\r\nRetry-After: 5\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        )
        (out / f"{status}.http").write_bytes(head.encode() + body)


def port_is_free(host: str, port: int) -> bool:
    """Return whether a server could listen on ``host:port`` now.

    Something must neither accept connections there (any address family) nor hold the address
    (bind test with SO_REUSEADDR, as the servers bind).
    """
    probe_host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    try:
        with socket.create_connection((probe_host, port), timeout=1):
            return False
    except OSError:
        pass
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def process_alive(pid: int) -> bool:
    """Return whether process ``pid`` exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def wait_http(url: str, pid: int, timeout: float, interval: float = 1.0) -> str:
    """Poll ``url`` until it answers 2xx; return ``"ready"``, ``"died"`` or ``"timeout"``."""
    deadline = time.monotonic() + timeout
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never use a proxy
    while time.monotonic() < deadline:
        if not process_alive(pid):
            return "died"
        try:
            with opener.open(url, timeout=5) as reply:
                if 200 <= reply.status < 300:
                    return "ready"
        except (urllib.error.URLError, OSError, ValueError):
            pass
        time.sleep(interval)
    return "timeout"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("fingerprint").add_argument("--root", default=".")
    endpoints = commands.add_parser("endpoints")
    endpoints.add_argument("base")
    endpoints.add_argument("out")
    check = commands.add_parser("check-port")
    check.add_argument("host")
    check.add_argument("port", type=int)
    check.add_argument("name")
    wait = commands.add_parser("wait-http")
    wait.add_argument("url")
    wait.add_argument("name")
    wait.add_argument("pid", type=int)
    wait.add_argument("timeout", type=float)
    commands.add_parser("token")
    commands.add_parser("haproxy-errors").add_argument("out")
    args = parser.parse_args(argv)

    if args.command == "fingerprint":
        print(fingerprint(Path(args.root)))
    elif args.command == "endpoints":
        try:
            write_endpoints(Path(args.base), Path(args.out), load(Settings))
        except (SettingsError, OSError, yaml.YAMLError) as error:
            print(f"error: cannot write {args.out}: {error}", file=sys.stderr)
            return 1
    elif args.command == "check-port":
        if not 0 < args.port < 65536:
            print(f"error: {args.name} port {args.port} is not a valid port", file=sys.stderr)
            return 1
        if not port_is_free(args.host, args.port):
            print(
                f"error: port {args.port} on {args.host} ({args.name}) is already in use; "
                f"stop the process using it or choose another port.",
                file=sys.stderr,
            )
            return 1
    elif args.command == "wait-http":
        outcome = wait_http(args.url, args.pid, args.timeout)
        if outcome != "ready":
            reason = "exited" if outcome == "died" else f"not ready after {args.timeout:.0f} s"
            print(f"error: {args.name} {reason}", file=sys.stderr)
            return 1
    elif args.command == "haproxy-errors":
        write_haproxy_errors(Path(args.out))
    elif args.command == "token":
        print(secrets.token_hex(32))  # hex: never starts with "-", which argparse would misread
    return 0


if __name__ == "__main__":
    sys.exit(main())
