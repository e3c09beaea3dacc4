"The report website of a run: built by `synthstudy report`, opened in headless Chromium."
import re, shutil, subprocess
from pathlib import Path
import pytest
from synthstudy.testing import tiny_run
from conftest import ROOT

CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--hide-scrollbars', '--virtual-time-budget=5000']

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    from conftest import run_cli
    out = tmp_path_factory.mktemp('site')
    r = run_cli('report', tiny_run(), '--out', out)
    assert r.returncode == 0, r.stderr[-3000:]
    return out

def test_site_pages_and_navigation(site):
    pages = sorted(p.name for p in site.glob('*.html'))
    assert pages == ['generators.html', 'index.html', 'per_class.html', 'results.html']
    for p in pages:
        html = (site/p).read_text()
        assert all(f'href="{q}"' in html for q in pages)  # every page links to every page
        assert 'application/vnd.jupyter.stderr' not in html.split('<body', 1)[1]  # no warnings or tracebacks on the page
    res = (site/'results.html').read_text()
    assert 'gap closed' in res and 'data:image/png;base64' in res

def test_site_renders_in_chromium(site):
    assert CHROMIUM, 'Chromium is not installed: `make test` installs Debian\'s chromium package'
    shots = ROOT/'runs'/'tests'; shots.mkdir(parents=True, exist_ok=True)
    for page in ('index.html', 'results.html'):
        prof = site.parent/f'profile-{page}'
        dom = subprocess.run([CHROMIUM, *FLAGS, f'--user-data-dir={prof}', '--dump-dom', (site/page).as_uri()],
                             capture_output=True, text=True, timeout=120).stdout
        figs = int(re.search(r'data-figures="(\d+)"', dom).group(1)); tables = int(re.search(r'data-tables="(\d+)"', dom).group(1))
        assert tables >= 1, page
        if page == 'results.html': assert figs >= 2  # the arms and gap-closed figures decoded and laid out
    shot = shots/'report-results.png'; shot.unlink(missing_ok=True)
    subprocess.run([CHROMIUM, *FLAGS, f'--user-data-dir={site.parent/"profile-shot"}', f'--screenshot={shot}', '--window-size=1280,2400',
                    (site/'results.html').as_uri()], capture_output=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 20_000
