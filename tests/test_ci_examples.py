"""examples/ci/ and .pre-commit-hooks.yaml run real jdgen commands that work."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import REPO, run

WORKFLOW = REPO / "examples" / "ci" / "jdgen.yml"


def jdgen_lines() -> list[str]:
    steps = [s for job in yaml.safe_load(WORKFLOW.read_text())["jobs"].values()
             for s in job["steps"]]
    return [line.strip() for s in steps for line in str(s.get("run", "")).splitlines()
            if line.strip().startswith("jdgen ")]


def test_workflow_commands_run(isolated: Path) -> None:
    lines = jdgen_lines()
    assert [line.split()[1] for line in lines] == ["validate", "doctor", "render"]
    for line in lines:
        line = line.replace("${{ matrix.shard }}", "2").split(">")[0]
        # Markdown only, to stay fast; the options are the workflow's own.
        args = [a if a != "all" else "md" for a in shlex.split(line)[1:]]
        result = run(*args)
        assert result.exit_code == 0, (line, result.stderr)
    report = (isolated / "dist" / "report.json").read_text()
    assert '"shard": "2/3"' in report


def test_pre_commit_hooks_run_jdgen_validate() -> None:
    for path, hooks in ((REPO / ".pre-commit-hooks.yaml", None),
                        (REPO / "examples" / "ci" / "pre-commit-config.yaml", "repos")):
        data = yaml.safe_load(path.read_text())
        hook = data[0] if hooks is None else data["repos"][0]["hooks"][0]
        assert hook["id"] == "jdgen-validate"
        assert hook["entry"] == "jdgen validate"
        assert re.search(hook["files"], "profiles/x.yaml")
        assert re.search(hook["files"], "lib/jdgen.toml")
        assert re.search(hook["files"], "lint/exclusionary-terms.yaml")  # validate checks it
        assert not re.search(hook["files"], "README.md")
        result = run(*shlex.split(hook["entry"])[1:])
        assert result.exit_code == 0, result.stderr


def test_workflow_refreshes_package_lists_before_installing() -> None:
    # A GitHub runner's apt lists go stale; 'apt-get install' alone then fails with 404.
    steps = [str(s.get("run", "")) for job in yaml.safe_load(WORKFLOW.read_text())["jobs"].values()
             for s in job["steps"]]
    installs = [run for run in steps if "apt-get install" in run]
    assert installs
    for run_text in installs:
        assert 0 <= run_text.find("apt-get update") < run_text.find("apt-get install"), run_text


def test_failed_validation_shows_its_report_in_the_log(isolated: Path) -> None:
    # The step as GitHub runs it (bash -e), in a library with a broken profile.
    (step,) = [str(s["run"]) for s in yaml.safe_load(WORKFLOW.read_text())["jobs"]["validate"][
        "steps"] if "jdgen validate" in str(s.get("run", ""))]
    (isolated / "jdgen.toml").write_text("")
    (isolated / "profiles").mkdir()
    (isolated / "profiles" / "x.yaml").write_text("title: X\nskils: [a]\n")
    script = step.replace("jdgen ", f"{shlex.quote(sys.executable)} -m jdgen ")
    done = subprocess.run(["bash", "-e", "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert "profiles/x.yaml:2: unknown key 'skils' — did you mean 'skills'?" in done.stdout
    assert (isolated / "validate.json").is_file()
