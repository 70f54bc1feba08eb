"""Copy GOV.UK Frontend (from the npm package) into static/govuk, served locally: no CDN.

The compiled CSS refers to ``/assets/...``; it is rewritten to a path relative to the CSS file,
so the assets work under STATIC_URL and through whitenoise's manifest storage.
"""
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
TARGET = ROOT / "static" / "govuk"


def main() -> None:
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    shutil.copytree(SOURCE / "assets", TARGET / "assets")
    css = (SOURCE / "govuk-frontend.min.css").read_text()
    # Drop the source-map comment here too: the manifest storage of production (collectstatic)
    # refuses a CSS file that names a map it cannot find.
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
    (TARGET / "govuk-frontend.min.css").write_text(css.replace("url(/assets/", "url(assets/"))
    js = (SOURCE / "govuk-frontend.min.js").read_text()
    # Drop the source-map comment: the map is not shipped.
    js = "\n".join(line for line in js.splitlines() if not line.startswith("//# sourceMappingURL"))
    (TARGET / "govuk-frontend.min.js").write_text(js)
    (TARGET / ".built").write_text("")
    print(f"GOV.UK Frontend copied to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
