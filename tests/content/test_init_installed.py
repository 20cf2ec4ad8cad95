"""`kbpress init` from kbpress installed as a package (a wheel of this repository, not an editable install).

A help desk adopting kbpress has its own repository and only `pip install`s
kbpress: the templates, assets and starter files must come with the wheel,
and the new knowledge base must build `--strict` and check clean as created.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="session")
def installed_venv(tmp_path_factory) -> Path:
    """A fresh venv with the wheel built from the working tree, dependencies pinned by requirements.lock."""
    work = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(work / "dist"), str(REPO)], cwd=work)
    wheels = list((work / "dist").glob("kbpress-*.whl"))
    assert len(wheels) == 1, wheels
    venv = work / "venv"
    # No pip and no setuptools in the new venv (Python 3.12 and later make venvs without setuptools): what
    # kbpress needs of setuptools must come as a dependency. This checkout's pip installs into it (--python),
    # which also spares the venv its own copy of pip.
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=work)
    # --no-compile: the modules the test runs compile as they are imported, not all of every package up front.
    run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet", "--no-compile",
         "--disable-pip-version-check", str(wheels[0]), "--constraint", str(REPO / "requirements.lock")], cwd=work)
    listed = run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "list", "--format=freeze"], cwd=work)
    assert "kbpress==" in listed.stdout and "pip==" not in listed.stdout, listed.stdout
    return venv


def test_a_new_knowledge_base_builds_strict_and_checks_clean_from_the_installed_package(installed_venv, tmp_path):
    env = {
        "PATH": f"{installed_venv / 'bin'}{os.pathsep}/usr/bin:/bin",  # this venv's commands only
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "NO_MKDOCS_2_WARNING": "1",
        "KBPRESS_NOW": os.environ["KBPRESS_NOW"],
        "SOURCE_DATE_EPOCH": os.environ["SOURCE_DATE_EPOCH"],
    }
    where = run(["python", "-c", "import kbpress; print(kbpress.__file__)"], cwd=tmp_path, env=env)
    assert where.stdout.startswith(str(installed_venv)), where.stdout  # not this checkout
    run(["python", "-c", "import kbpress.social.textfit"], cwd=tmp_path, env=env)  # X's text rules load their tables
    run(["kbpress", "init", "mykb"], cwd=tmp_path, env=env)
    project = tmp_path / "mykb"
    built = run(["mkdocs", "build", "--strict"], cwd=project, env=env)
    assert "WARNING" not in built.stderr, built.stderr
    checked = run(["kbpress", "check"], cwd=project, env=env)
    assert checked.stdout == ""
    site = project / "site"
    for page in ("index.html", "articles/password-basics/index.html", "faq/index.html", "about/index.html",
                 "guidebook/basics.epub", "feeds/topics.xml", "search/index/meta.json", "assets/kbpress/kbpress.css"):
        assert (site / page).is_file(), page
    topics = list((site / "topics" / "2026").glob("*/index.html"))
    assert len(topics) == 1, topics
