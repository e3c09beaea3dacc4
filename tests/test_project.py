"Project layout: Quarto config, README commands, notebooks clean and small."
import json, re
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parents[1]

def test_quarto_config_valid():
    q = yaml.safe_load((ROOT/'nbs'/'_quarto.yml').read_text())
    assert q['project']['type'] == 'website'
    for f in q['metadata-files']: assert (ROOT/'nbs'/f).exists(), f
    side = yaml.safe_load((ROOT/'nbs'/'sidebar.yml').read_text())['website']['sidebar']['contents']
    flat = [x for e in side for x in (e['contents'] if isinstance(e, dict) else [e])]
    for f in flat: assert (ROOT/'nbs'/f).is_file(), f
    assert {p.relative_to(ROOT/'nbs').as_posix() for p in (ROOT/'nbs').rglob('*.ipynb') if '.ipynb_checkpoints' not in p.parts and 'runs' not in p.parts and not p.name.startswith('_')} <= set(flat)
    n = yaml.safe_load((ROOT/'nbs'/'nbdev.yml').read_text())
    assert n['project']['output-dir'] == '_docs'

def test_readme_shows_the_two_commands():
    txt = (ROOT/'README.md').read_text()
    cmds = re.findall(r'^make (\w+)', txt, flags=re.M)
    assert cmds == ['study', 'test']
    assert (ROOT/'.ci'/'run').read_text().count('make test') == 1

def test_notebooks_small_and_numbered():
    nbs = sorted((ROOT/'nbs').glob('*.ipynb'))
    assert (ROOT/'nbs'/'index.ipynb') in nbs
    for nb in nbs:
        assert nb.stat().st_size < 1_000_000, nb
        if nb.name != 'index.ipynb': assert re.match(r'\d\d[a-z]?_', nb.name), nb
        j = json.loads(nb.read_text())
        mods = [l for c in j['cells'] for l in c['source'] if l.startswith('#| default_exp')] if isinstance(j['cells'][0]['source'], list) else []
        if mods: assert nb.stem.split('_', 1)[1] == mods[0].split()[-1], nb
