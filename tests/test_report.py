"The report website of a run: built by `synthstudy report`, opened in headless Chromium."
import base64, re, shutil, subprocess
import pytest
from synthstudy.testing import tiny_run
from conftest import ROOT

CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--hide-scrollbars', '--virtual-time-budget=5000']
PAGES = ['generators.html', 'index.html', 'per_class.html', 'protocol.html']

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    from conftest import run_cli
    out = tmp_path_factory.mktemp('site')
    r = run_cli('report', tiny_run(), '--out', out)
    assert r.returncode == 0, r.stderr[-3000:]
    return out

def _dom(site, page):
    "The page's DOM after Chromium has loaded it and run its check script"
    prof = site.parent/f'profile-{page}'
    return subprocess.run([CHROMIUM, *FLAGS, f'--user-data-dir={prof}', '--dump-dom', (site/page).as_uri()],
                          capture_output=True, text=True, timeout=120).stdout

def test_site_pages_and_navigation(site):
    assert sorted(p.name for p in site.glob('*.html')) == PAGES
    for p in PAGES:
        html = (site/p).read_text()
        assert all(f'href="{q}"' in html for q in PAGES)  # every page links to every page
        assert 'application/vnd.jupyter.stderr' not in html.split('<body', 1)[1]  # no warnings or tracebacks on the page

def test_first_page_gives_the_answer(site):
    "index.html: the answer and the verdict table first, then the details, the gap-closed figure and the summary table"
    from synthstudy.report import load_run, conclusions, verdict_table
    run = load_run(tiny_run())
    html = (site/'index.html').read_text()
    heads = [html.find(f'>{h}<') for h in ('Answer', 'verdict', 'In detail', 'Gap closed', 'Summary table')]
    assert -1 not in heads and heads == sorted(heads), heads
    assert '6 images per class' in html.split('>In detail<')[0]  # the answer line names the data size
    assert all(f'>{m}<' in html for m in verdict_table(run).index)  # a row per method compared
    first = conclusions(run)[0]
    assert first.split('`')[0] in html  # the first conclusion, up to its first code span
    gap_png = base64.b64encode(run.figure('gap_closed').read_bytes()).decode()
    assert gap_png in html  # the gap-closed figure of this run, embedded
    assert 'p Holm' in html and 'gap closed %' in html  # the summary table's columns

def test_configuration_is_a_table(site):
    html = (site/'protocol.html').read_text()
    assert re.search(r'<table[^>]*>(?:(?!</table>).)*<th>classifier\.epochs</th>\s*<td>2</td>', html, re.S)
    assert '```' not in html  # no Markdown fence left as loose text
    assert 'The reference.' in html and 'a linear probe on frozen ImageNet features' in html # `full` against a probe

def test_site_renders_in_chromium(site):
    assert CHROMIUM, 'Chromium is not installed: `make test` installs Debian\'s chromium package'
    shots = ROOT/'runs'/'tests'
    shots.mkdir(parents=True, exist_ok=True)
    for page in ('index.html', 'protocol.html'):
        dom = _dom(site, page)
        figs = int(re.search(r'data-figures="(\d+)"', dom).group(1))
        tables = int(re.search(r'data-tables="(\d+)"', dom).group(1))
        assert tables >= (1 if page=='index.html' else 2), page  # summary; arms and configuration
        if page == 'index.html': assert figs >= 2  # the gap-closed and arms figures decoded and laid out
    shot = shots/'report-index.png'
    shot.unlink(missing_ok=True)
    subprocess.run([CHROMIUM, *FLAGS, f'--user-data-dir={site.parent/"profile-shot"}', f'--screenshot={shot}',
                    '--window-size=1280,2400', (site/'index.html').as_uri()], capture_output=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 20_000
