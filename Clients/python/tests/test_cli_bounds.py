"""Every size the CLI and the scenario loader accept is bounded: hostile or mistaken inputs end with a clear
message naming the option or field and a non-zero exit status, never a crash, a huge allocation or NaN output
(issue 13's cases)."""

import json
import os
import re
import subprocess
import tempfile

import pytest

from conftest import REPO, server_binary

OFFICE = (REPO / "Environments" / "Scenarios" / "wrf-office-16x15.yaml").read_text()
FACTORY = (REPO / "Environments" / "Scenarios" / "indoor-factory-ris.yaml").read_text()


def env_id(prefix):
    """The registered id starting with `prefix` (ids carry versions that change: BeamSelection-v0, -v1, …)."""
    listing = json.loads(subprocess.run([server_binary(), "list", "--json"], capture_output=True, text=True).stdout)
    return next(e["env"] for e in listing["environments"] if e["env"].startswith(prefix))


def run(*args, timeout=60):
    return subprocess.run([server_binary(), *args], capture_output=True, timeout=timeout, text=True)


def scenario_file(text, original, replacement):
    assert original in text, original
    handle = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
    handle.write(text.replace(original, replacement, 1))
    handle.close()
    return handle.name


def assert_refused(result, needle):
    assert result.returncode > 0, (result.returncode, result.stderr)  # > 0: an exit status, not a signal
    assert needle in result.stderr, result.stderr
    assert "Fatal error" not in result.stderr and "crashed" not in result.stderr


@pytest.mark.parametrize(
    "args, needle",
    [
        (["train", "--hidden", "100000,100000"], "--hidden"),
        (["train", "--num-envs", "1000000000"], "--num-envs"),
        (["dataset", "--grid", "1e-6", "--out", "/tmp/sg-bounds.csv"], "--grid"),
        (["dataset", "--grid", "0.011", "--out", "/tmp/sg-bounds.csv"], "reference points"),
        (["dataset", "--test-points", "1000000000000", "--out", "/tmp/sg-bounds.csv"], "--test-points"),
        (["bench", "--num-envs", "1000000000"], "--num-envs"),
        (["run", "--episodes", "-5"], "--episodes must be positive"),
        (["evaluate", "--checkpoint", "none.sgnn", "--episodes", "-1"], "--episodes"),
        (["serve", "--bind", "tcp://127.0.0.1:99999"], "1...65535"),
        (["run", "--family", "beam-rooms", "--task-count", "1000000000"], "--task-count"),
        (["run", "--family", "beam-rooms", "--first-task", "-1"], "--first-task"),
        (["run", "--family", "beam-rooms", "--tasks", "dev"], "--tasks must be train, test or ood"),
        (["run", "--family", "no-such-family"], "unknown task family"),
        (["scenario", "sample", "--family", "beam-rooms", "--seed", "99999999999"], "--seed must be at most"),
        (["scenario", "sample", "--split", "ood"], "--split ood needs --family"),
    ],
)
def test_cli_sizes_are_bounded(args, needle):
    assert_refused(run(*args), needle)


@pytest.mark.parametrize(
    "text, original, replacement, env, needle",
    [
        (OFFICE, "max: [8.0, 7.0, 3.0]", "max: [1.0e308, 7.0, 3.0]", "BeamSelection-", "room.max"),
        (OFFICE, "tx_power_dbm: 10.0", "tx_power_dbm: 1.0e308", "BeamSelection-", "radio.tx_power_dbm"),
        (OFFICE, "beams: 32", "beams: 10000000", "BeamSelection-", "codebook.beams"),
        (OFFICE, "elements: 32, spacing", "elements: 1000000000, spacing", "BeamSelection-", "elements"),
        (OFFICE, "speed_mps: 1.0", "sped_mps: 1.0", "BeamSelection-", "did you mean 'speed_mps'"),
        (FACTORY, "columns: 32, rows: 16,", "columns: 100000, rows: 100000,", "RISConfiguration-", "ris[0].columns"),
        (FACTORY, "{min: [6.0, 8.0, 0.0], max: [40.0, 9.0, 5.0]}", "{min: [40.0, 8.0, 0.0], max: [6.0, 9.0, 5.0]}",
         "RISConfiguration-", "room.blockers[0]"),
    ],
)
def test_scenario_values_are_bounded(text, original, replacement, env, needle):
    path = scenario_file(text, original, replacement)
    try:
        result = run("run", "--env", env_id(env), "--scenario", path, "--episodes", "1", "--policy", "random", "--json")
        assert_refused(result, needle)
        assert not re.search(r'"(nan|inf)"', result.stdout, re.IGNORECASE)
    finally:
        os.unlink(path)
