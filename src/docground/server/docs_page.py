"""OpenAPI schema -> one self-contained HTML page (no scripts, no CDN: this server is offline)."""

from __future__ import annotations

import html
import json


def render(openapi: dict) -> str:
    """Every route with its method, summary, parameters and request body, and the raw schema."""
    rows = []
    for path, ops in openapi.get("paths", {}).items():
        for method, op in ops.items():
            params = ", ".join(f"{p.get('name')} ({p.get('in')})" for p in op.get("parameters", []))
            body = op.get("requestBody", {}).get("content", {})
            rows.append(
                "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
                    method.upper(), html.escape(path), html.escape(op.get("summary", "")),
                    html.escape(params), html.escape(", ".join(body)),
                )
            )
    info = openapi.get("info", {})
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(info.get('title', 'API'))}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}td,th{{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left}}
pre{{background:#f6f6f6;padding:1em;overflow:auto;max-height:40em}}</style></head><body>
<h1>{html.escape(info.get('title', 'API'))} {html.escape(str(info.get('version', '')))}</h1>
<p>{html.escape(info.get('description', ''))}</p>
<p>Machine-readable schema: <a href="/openapi.json">/openapi.json</a></p>
<table><tr><th>method</th><th>path</th><th>summary</th><th>parameters</th><th>body</th></tr>
{''.join(rows)}</table>
<h2>Schema</h2><pre>{html.escape(json.dumps(openapi, indent=2))}</pre></body></html>"""
