"""`sensing-gym run --remote` runs the model-free baselines against a served env exactly as a local `run` does:
the same seeds give the same returns, and the sweep keeps its interleaved order (across access points in
BeamSelection, across links in RISConfiguration) instead of the action order."""

import json
import subprocess

import pytest

from conftest import server_binary


def run_json(*args):
    result = subprocess.run([server_binary(), "run", *args, "--json"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("env,scenario", [
    ("BeamSelection-v1", "wrf-office-16x15"),
    ("RISConfiguration-v1", "indoor-factory-ris"),
    ("Waveform-v1", "lab-140ghz"),
])
@pytest.mark.parametrize("policy", ["sweep", "random"])
def test_remote_run_matches_the_local_run(endpoint, env, scenario, policy):
    common = ["--env", env, "--scenario", scenario, "--policy", policy, "--episodes", "4", "--seed", "3"]
    local = run_json(*common)
    remote = run_json(*common, "--remote", endpoint)
    assert remote["policy"] == local["policy"] == policy
    for key in ("mean_return", "target_reached_rate", "error_median_m", "action_histogram"):
        assert remote[key] == local[key], (key, remote[key], local[key])


def test_remote_run_on_a_scenario_nobody_has_fails_cleanly(endpoint, tmp_path):
    missing = str(tmp_path / "not-here.yaml")
    result = subprocess.run(
        [server_binary(), "run", "--env", "BeamSelection-v1", "--scenario", missing, "--policy", "sweep",
         "--episodes", "1", "--remote", endpoint, "--json"], capture_output=True, text=True, timeout=60)
    assert result.returncode > 0, result.stdout
    assert "crashed" not in result.stderr and "Fatal error" not in result.stderr
