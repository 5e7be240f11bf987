"""The stylesheet and scripts pages load are linked under fingerprinted names (a digest of their
content), so the reverse proxy lets browsers keep them for a year and a new release is never
mixed with an old cached file (issue 15: long cache lifetimes for fingerprinted static files)."""

import hashlib
import re
from pathlib import Path

from portal.core.templating import asset_names

ROOT = Path(__file__).resolve().parents[2]
LINKED = ("dist/portal.css", "js/portal.mjs", "vendor/htmx.min.js")


def _nginx_fingerprint_pattern() -> re.Pattern:
    """The pattern deploy/nginx/portal.conf gives a year's cache lifetime to."""
    config = (ROOT / "deploy" / "nginx" / "portal.conf").read_text()
    (pattern,) = re.findall(r'"~(\^/static/[^"]+)"\s+"public, max-age=31536000, immutable"', config)
    return re.compile(pattern)


def test_pages_link_each_asset_under_a_name_made_from_its_content(client, app):
    names = asset_names(app.static_folder)
    page = client.get("/sign-in").get_data(as_text=True)
    kept_for_a_year = _nginx_fingerprint_pattern()
    for name in LINKED:
        address = f"/static/{names[name]}"
        assert f'="{address}"' in page, name
        assert f'="/static/{name}"' not in page
        served = client.get(address)
        assert served.status_code == 200
        digest = re.search(r"\.([0-9a-f]{12})\.[a-z]+$", address).group(1)
        assert hashlib.sha256(served.data).hexdigest().startswith(digest), name
        assert kept_for_a_year.match(address), address
        assert not kept_for_a_year.match(f"/static/{name}")  # the plain name is revalidated


def test_the_fingerprinted_script_imports_the_fingerprinted_frontend(client, app):
    names = asset_names(app.static_folder)
    script = client.get(f"/static/{names['js/portal.mjs']}").get_data(as_text=True)
    (imported,) = re.findall(r'from "\.\./([^"]+)"', script)
    assert imported == names["vendor/govuk/govuk-frontend.min.js"]
    frontend = client.get(f"/static/{imported}")
    assert frontend.status_code == 200
    assert frontend.data == (Path(app.static_folder) / "vendor/govuk/govuk-frontend.min.js").read_bytes()
    # Otherwise the script is the portal's own, word for word.
    own = (ROOT / "static" / "js" / "portal.mjs").read_text()
    assert script == own.replace("../vendor/govuk/govuk-frontend.min.js", f"../{imported}")


def test_without_built_assets_pages_link_the_plain_names(tmp_path):
    assert asset_names(str(tmp_path)) == {}
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "manifest.json").write_text("not json")
    assert asset_names(str(tmp_path)) == {}
    assert asset_names(None) == {}
