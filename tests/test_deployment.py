"""The deployment descriptions (deploy/) pass their own tools' checks, and broken ones do not.

What runs here is checked by the real program (haproxy -c, systemd-analyze verify, supervisord's
parser); the container files, which cannot run on these machines, against the Compose
specification (dclint) and hadolint. scripts/deploy-lint.sh installs the tools it lacks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def deploy_lint(deploy_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ}
    if deploy_dir is not None:
        env["DEPLOY_DIR"] = str(deploy_dir)
    return subprocess.run(
        ["bash", "scripts/deploy-lint.sh"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_every_deployment_file_checks_out() -> None:
    done = deploy_lint()
    assert done.returncode == 0, done.stderr[-3000:]
    for check in (
        "haproxy",
        "systemd",
        "supervisord",
        "compose",
        "dockerfile",
        "dockerfile-images",
    ):
        assert f"[deploy-lint] {check}: ok" in done.stderr


BREAKAGES = {
    "haproxy": ("haproxy.cfg", "balance hash var(txn.sender)", "balance hashed var(txn.sender)"),
    "systemd": ("systemd/assistant-actions.service", "Restart=on-failure", "Restart=sometimes"),
    "supervisord": ("supervisord.conf", "numprocs=2", "numprocs=two"),
    "compose": ("compose.yml", "    restart: unless-stopped\n", "    restartt: unless-stopped\n"),
    "dockerfile-images": ("Dockerfile", "FROM debian:bookworm-slim", "FROM python:3.11-slim"),
}


@pytest.mark.slow  # one full lint run per breakage, about 40 s in all
@pytest.mark.parametrize("check", sorted(BREAKAGES))
def test_a_broken_file_fails_its_check(tmp_path: Path, check: str) -> None:
    copy = tmp_path / "deploy"
    shutil.copytree(ROOT / "deploy", copy, ignore=shutil.ignore_patterns("node_modules"))
    name, good, bad = BREAKAGES[check]
    path = copy / name
    text = path.read_text()
    assert good in text
    path.write_text(text.replace(good, bad, 1))
    done = deploy_lint(copy)
    assert done.returncode != 0
    assert f"[deploy-lint] {check}: FAILED" in done.stderr
    assert done.stderr.count("FAILED") == 1, done.stderr[-3000:]
