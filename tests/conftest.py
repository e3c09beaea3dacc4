import os, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).with_name('synthstudy')

def run_cli(*args, cwd=None):
    "Run the installed `synthstudy` command; returns the CompletedProcess"
    env = {**os.environ, 'MPLBACKEND': 'Agg'}
    return subprocess.run([str(EXE), *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)

@pytest.fixture
def cli(): return run_cli
