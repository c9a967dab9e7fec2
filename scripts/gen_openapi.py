"""Write docs/openapi.json, the HTTP API's OpenAPI 3.1 document (what ``/openapi.json`` serves).

Run: ``python scripts/gen_openapi.py``; tests/web_api/test_http_openapi.py fails when it is stale.
"""

from __future__ import annotations

import json
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"


def render() -> str:
    from gov_disclosure import App
    from gov_disclosure.http.app_factory import create_app

    document = create_app(App("sqlite://")).openapi()
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC}")
