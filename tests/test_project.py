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

def test_readme_is_a_front_page():
    "Under 8,000 characters, the question first, and every link it gives leads to a file of the repository"
    txt = (ROOT/'README.md').read_text()
    assert len(txt) < 8000, len(txt)
    assert 'is it worth' in txt.split('\n\n')[1] # the tagline asks what the report answers best
    links = re.findall(r'\]\(((?!https?:)[^)#]+)\)', txt)
    assert 'nbs/images/worth.png' in links and len(links) >= 8, links
    assert all((ROOT/l).is_file() for l in links), [l for l in links if not (ROOT/l).is_file()]

def test_notebooks_small_and_numbered():
    nbs = sorted((ROOT/'nbs').glob('*.ipynb'))
    assert (ROOT/'nbs'/'index.ipynb') in nbs
    for nb in nbs:
        assert nb.stat().st_size < 1_000_000, nb
        if nb.name != 'index.ipynb': assert re.match(r'\d\d[a-z]?_', nb.name), nb
        j = json.loads(nb.read_text())
        mods = [l for c in j['cells'] for l in c['source'] if l.startswith('#| default_exp')] if isinstance(j['cells'][0]['source'], list) else []
        if mods: assert nb.stem.split('_', 1)[1] == mods[0].split()[-1], nb

def _exported_cells():
    "Non-blank, non-directive line counts of every exported notebook cell"
    for nb in sorted((ROOT/'nbs').glob('*.ipynb')):
        for c in json.loads(nb.read_text())['cells']:
            src = ''.join(c['source'])
            if c['cell_type'] == 'code' and re.search(r'^#\|\s*export', src, re.M):
                yield nb.name, len([l for l in src.splitlines() if l.strip() and not l.startswith('#|')])

def test_cells_small():
    "Exported cells a reader can follow: median <= 10 and 90th percentile <= 25 non-blank lines"
    sizes = sorted(n for _, n in _exported_cells())
    median, p90 = sizes[len(sizes)//2], sizes[int(0.9*(len(sizes)-1))]
    assert median <= 10 and p90 <= 25, (median, p90)

def test_package_lines_short_one_statement_each():
    "No line of the package over 120 characters (nbdev's __all__ aside), no statements chained with ';'"
    import io, tokenize
    bad = []
    for p in sorted((ROOT/'synthstudy').rglob('*.py')):
        if p.name == '_modidx.py': continue
        text, in_all, prev = p.read_text(), False, ''
        for i, l in enumerate(text.splitlines(), 1):
            in_all = l.startswith('__all__') or (in_all and not prev.rstrip().endswith(']'))
            prev = l
            if len(l) > 120 and not in_all: bad.append(f'{p.relative_to(ROOT)}:{i} long')
        toks = tokenize.generate_tokens(io.StringIO(text).readline)
        bad += [f'{p.relative_to(ROOT)}:{t.start[0]} ;' for t in toks if t.type == tokenize.OP and t.string == ';']
    assert not bad, bad
