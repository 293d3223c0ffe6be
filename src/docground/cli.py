"""Command line: `docground ocr | ground | generate | domains | schema | render` on the pipeline.

Bad input never shows a traceback: a `DocgroundError` (or unreadable values JSON) prints one
line on stderr and exits with code 2.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .errors import DocgroundError, InputError
from .output import to_json

OCR_CHOICES = click.Choice(["auto", "tesseract", "rapidocr"])


def _input_options(f):
    """Options shared by every command that reads a document."""
    f = click.option("--max-pixels", type=int, default=100_000_000, show_default=True,
                     help="Refuse images (or rendered pages) larger than this many pixels.")(f)
    f = click.option("--password", default=None, help="Password of an encrypted PDF.")(f)
    f = click.option("--dpi", type=int, default=200, show_default=True, help="Render scanned PDF pages at this resolution.")(f)
    f = click.option("--ocr", "ocr", type=OCR_CHOICES, default="auto", show_default=True, help="OCR engine for pages without a text layer.")(f)
    f = click.option("--pages", default=None, help="Pages to read, 0-based: '0,2-4'.")(f)
    return f


def _load_kwargs(pages, ocr, dpi, password, max_pixels) -> dict:
    from .ingest import parse_pages

    return {
        "pages": parse_pages(pages) if pages else None,
        "ocr": ocr,
        "dpi": dpi,
        "password": password,
        "max_pixels": max_pixels,
    }


def _read_json(path: str, what: str) -> object:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{what} file not found: {path}")
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{what} file is not UTF-8 text: {path}") from None
    except json.JSONDecodeError as e:
        raise InputError(f"{what} file is not valid JSON ({e.msg} at line {e.lineno}, column {e.colno}): {path}") from None


def _write(text: str, out: str | None) -> None:
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text)


@click.group()
@click.version_option(package_name="docground")
def cli() -> None:
    """docground: structured JSON from documents, every field located on its page."""


@cli.command()
@click.argument("file", type=click.Path())
@click.option("-o", "--output", default=None, help="Write the document JSON here (default: stdout).")
@_input_options
def ocr(file, output, pages, ocr, dpi, password, max_pixels):
    """Read FILE into pages of words with boxes (text layer or OCR) and print it as JSON."""
    from .ingest import load

    doc = load(file, progress=True, **_load_kwargs(pages, ocr, dpi, password, max_pixels))
    _write(doc.to_json(), output)


@cli.command()
@click.argument("file", type=click.Path())
@click.option("--values", "values_path", required=True, help="JSON object of values to locate.")
@click.option("-o", "--output", default=None, help="Write the grounded JSON here (default: stdout).")
@click.option("--detailed", is_flag=True, help="Add each box's OCR content and a float confidence.")
@_input_options
def ground(file, values_path, output, detailed, pages, ocr, dpi, password, max_pixels):
    """Locate every value of --values in FILE: adds `<field>_metadata` with boxes and confidence."""
    from .ground import ground as ground_values
    from .ingest import load

    values = _read_json(values_path, "values")
    if not isinstance(values, dict):
        raise InputError(f"values must be a JSON object, got {type(values).__name__}: {values_path}")
    doc = load(file, progress=True, **_load_kwargs(pages, ocr, dpi, password, max_pixels))
    result = ground_values(doc, values, detailed=detailed)
    _write(to_json(result), output)


@cli.command()
@click.argument("file", type=click.Path())
@click.option("--domain", default=None, help="A domain from `docground domains`, e.g. document.invoice.")
@click.option("--schema", default=None, help="A JSON schema file, or path.py:ModelName (Pydantic).")
@click.option("-o", "--output", default=None, help="Write the prediction JSON here (default: stdout).")
@click.option("--no-grounding", is_flag=True, help="Values only, without `_metadata`.")
@click.option("--detailed", is_flag=True, help="Add each box's OCR content and a float confidence.")
@_input_options
def generate(file, domain, schema, output, no_grounding, detailed, pages, ocr, dpi, password, max_pixels):
    """Extract a domain's (or a schema's) fields from FILE, each value located on its page."""
    from .generate import predict
    from .ingest import load

    if not domain and not schema:
        raise InputError("give --domain (see `docground domains`) or --schema")
    if domain and schema:
        raise InputError("give either --domain or --schema, not both")
    from .generate import resolve_schema

    resolve_schema(domain, schema)  # a bad schema fails before the document is read
    doc = load(file, progress=True, **_load_kwargs(pages, ocr, dpi, password, max_pixels))
    prediction = predict(doc, domain=domain, schema=schema, grounding=not no_grounding, detailed=detailed)
    prediction.pop("model")
    _write(to_json(prediction), output)


@cli.command()
def domains():
    """List the built-in domains."""
    from .extract.schemas import list_domains

    for name, description in list_domains():
        click.echo(f"{name:36s} {description}")


@cli.command()
@click.argument("domain")
def schema(domain):
    """Print the JSON schema of DOMAIN."""
    from .extract.schemas import json_schema

    click.echo(json.dumps(json_schema(domain), indent=2))


@cli.command()
@click.argument("file", type=click.Path())
@click.argument("result", type=click.Path())
@click.option("-o", "--output", required=True, help="PNG to write (several pages: out-p0.png, out-p1.png, ...).")
@click.option("--grid", is_flag=True, help="All pages in one PNG.")
@click.option("--pages", default=None, help="Pages to draw, 0-based: '0,2-4'.")
@click.option("--dpi", type=int, default=150, show_default=True)
@click.option("--password", default=None, help="Password of an encrypted PDF.")
def render(file, result, output, grid, pages, dpi, password):
    """Draw the boxes of RESULT (a grounded JSON) on the pages of FILE."""
    from .ingest import parse_pages
    from .viz import render as render_pages

    data = _read_json(result, "result")
    if isinstance(data, dict) and isinstance(data.get("response"), dict):
        data = data["response"]  # a prediction from `docground generate`
    if not isinstance(data, dict):
        raise InputError(f"result must be a JSON object: {result}")
    written = render_pages(file, data, output, pages=parse_pages(pages) if pages else None,
                           password=password, dpi=dpi, grid=grid)
    for p in written:
        click.echo(f"wrote {p}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning deliberate errors into one line and exit code 2."""
    try:
        cli.main(args=argv, prog_name="docground", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("docground: aborted", err=True)
        sys.exit(130)
    except click.exceptions.ClickException as e:
        click.echo(f"docground: {e.format_message()}", err=True)
        sys.exit(2)
    except DocgroundError as e:
        click.echo(f"docground: error: {e}", err=True)
        sys.exit(2)
    except MemoryError:
        click.echo("docground: error: out of memory (try --pages or a lower --dpi)", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("docground: interrupted", err=True)
        sys.exit(130)
    except Exception as e:  # a bug, not bad input: one line, the traceback only on request
        if os.environ.get("DOCGROUND_DEBUG"):
            raise
        click.echo(f"docground: internal error: {type(e).__name__}: {e} (set DOCGROUND_DEBUG=1 for details)", err=True)
        sys.exit(1)
