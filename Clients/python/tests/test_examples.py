"""The examples run, with tiny budgets, as CleanRL smoke-tests its scripts."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(script, *args, cwd, endpoint):
    env = {**os.environ, "SENSINGGYM_ENDPOINT": endpoint}
    return subprocess.run([sys.executable, str(EXAMPLES / script), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_cleanrl_ppo_runs_and_logs_cleanrls_metric_names(endpoint, tmp_path):
    pytest.importorskip("torch")
    result = run("cleanrl_ppo.py", "--total-timesteps", "512", "--num-envs", "8", "--num-steps", "32",
                 "--update-epochs", "1", cwd=tmp_path, endpoint=endpoint)
    assert result.returncode == 0, result.stderr[-2000:]
    (metrics,) = tmp_path.glob("runs/*__cleanrl_ppo__1__*/metrics.csv")
    names = {row["metric"] for row in csv.DictReader(open(metrics))}
    assert {"charts/SPS", "losses/value_loss", "losses/approx_kl", "charts/episodic_return"} <= names


def test_record_video_example_writes_an_mp4(endpoint, tmp_path):
    pytest.importorskip("moviepy")
    result = run("record_video.py", "--out", str(tmp_path / "videos"), cwd=tmp_path, endpoint=endpoint)
    assert result.returncode == 0, result.stderr[-2000:]
    assert list((tmp_path / "videos").glob("*.mp4"))
