"""Command line: `docground ocr | ground | generate | batch | tables | domains | schema | render | view` on the pipeline.

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
from .jsonfile import read_json
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
    f = click.option("--max-seconds", type=float, default=3600, show_default=True,
                     help="Video: refuse videos longer than this.")(f)
    f = click.option("--max-frames", type=int, default=None, help="Video: keep at most this many frames.")(f)
    f = click.option("--end", type=float, default=None, help="Video: stop reading at this time (seconds).")(f)
    f = click.option("--start", type=float, default=0.0, show_default=True, help="Video: start reading at this time (seconds).")(f)
    f = click.option("--fps", type=float, default=2.0, show_default=True,
                     help="Video: frames sampled a second (a frame is kept when the picture changed).")(f)
    return f


def _load_kwargs(pages, ocr, dpi, password, max_pixels, fps=2.0, start=0.0, end=None, max_frames=None,
                 max_seconds=3600) -> dict:
    from .ingest import parse_pages

    return {
        "pages": parse_pages(pages) if pages else None,
        "ocr": ocr,
        "dpi": dpi,
        "password": password,
        "max_pixels": max_pixels,
        "video": {"fps": fps, "start": start, "end": end, "max_frames": max_frames, "max_seconds": max_seconds},
    }


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
def ocr(file, output, pages, ocr, dpi, password, max_pixels, **video):
    """Read FILE into pages of words with boxes (text layer or OCR) and print it as JSON."""
    from .ingest import load

    doc = load(file, progress=True, **_load_kwargs(pages, ocr, dpi, password, max_pixels, **video))
    _write(doc.to_json(), output)


@cli.command()
@click.argument("file", type=click.Path())
@click.option("--values", "values_path", required=True, help="JSON object of values to locate.")
@click.option("-o", "--output", default=None, help="Write the grounded JSON here (default: stdout).")
@click.option("--detailed", is_flag=True, help="Add each box's OCR content and a float confidence.")
@_input_options
def ground(file, values_path, output, detailed, pages, ocr, dpi, password, max_pixels, **video):
    """Locate every value of --values in FILE: adds `<field>_metadata` with boxes and confidence."""
    from .batch.work import ground_file

    result, _ = ground_file(file, values_path, detailed=detailed,
                            load_options=_load_kwargs(pages, ocr, dpi, password, max_pixels, **video), progress=True)
    _write(to_json(result), output)


def _backend_options(f):
    """Options of `generate` that choose and tune the backend that reads the values."""
    f = click.option("--boxes", is_flag=True, default=None,
                     help="Ask the model for boxes too (hints that pick among places; Qwen-VL style).")(f)
    f = click.option("--send", type=click.Choice(["images", "text", "both"]), default=None,
                     help="What the model gets of each page (default both: the image and its OCR text).")(f)
    f = click.option("--window", type=int, default=None, help="Pages per request (default 4); answers are merged.")(f)
    f = click.option("--prompt", default=None, help="Extra instructions for the model.")(f)
    f = click.option("--timeout", type=float, default=None, help="Seconds to wait for each answer (default 120).")(f)
    f = click.option("--max-retries", type=int, default=None,
                     help="Retries of a failed request and of an answer that breaks the schema (default 3).")(f)
    f = click.option("--max-tokens", type=int, default=None, help="Longest answer, in tokens.")(f)
    f = click.option("--temperature", type=float, default=None, help="Sampling temperature (default 0).")(f)
    f = click.option("--detail", type=click.Choice(["lo", "auto", "hi"]), default=None,
                     help="Size of the page images sent: lo 784, auto 1344, hi 2016 px on the long side.")(f)
    f = click.option("--cross-check", default=None, metavar="local",
                     help="Compare the model's values with the built-in extractor's: agreement raises confidence, "
                          "disagreement lowers it.")(f)
    f = click.option("--api-key", default=None, help="API key of the model server (or $DOCGROUND_LLM_API_KEY).")(f)
    f = click.option("--base-url", default=None,
                     help="Model server, e.g. http://localhost:11434/v1 (or $DOCGROUND_LLM_BASE_URL).")(f)
    f = click.option("--model", default=None, help="Model name on the server (or $DOCGROUND_LLM_MODEL).")(f)
    f = click.option("--backend", default="local", show_default=True,
                     help="What reads the values: local (built-in extractor) or openai (any Chat Completions server).")(f)
    return f


@cli.command()
@click.argument("file", type=click.Path())
@click.option("--domain", default=None, help="A domain from `docground domains`, e.g. document.invoice.")
@click.option("--schema", default=None, help="A JSON schema file, or path.py:ModelName (Pydantic).")
@click.option("-o", "--output", default=None, help="Write the prediction JSON here (default: stdout).")
@click.option("--no-grounding", is_flag=True, help="Values only, without `_metadata`.")
@click.option("--detailed", is_flag=True, help="Add each box's OCR content and a float confidence.")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
              help="Day an identity document's expiry is judged on (default: today).")
@_backend_options
@_input_options
def generate(file, domain, schema, output, no_grounding, detailed, as_of, backend, cross_check, pages, ocr, dpi,
             password, max_pixels, fps, start, end, max_frames, max_seconds, **model_options):
    """Extract a domain's (or a schema's) fields from FILE, each value located on its page."""
    from .batch.work import generate_file

    prediction = generate_file(file, domain=domain, schema=schema, grounding=not no_grounding, detailed=detailed,
                               backend=backend, cross_check=cross_check, model_options=model_options,
                               load_options=_load_kwargs(pages, ocr, dpi, password, max_pixels, fps, start, end,
                                                         max_frames, max_seconds),
                               progress=True, as_of=as_of)
    for warning in prediction.get("warnings", []):
        click.echo(f"docground: warning: {warning}", err=True)
    _write(to_json(prediction), output)


@cli.command()
@click.argument("inputs", nargs=-1, metavar="INPUTS...")
@click.option("-o", "--output-dir", "outdir", required=True, type=click.Path(file_okay=False),
              help="Folder of the predictions (one JSON per document) and index.jsonl.")
@click.option("--from-list", default=None, type=click.Path(), help="A file of inputs, one path, folder or glob a line.")
@click.option("--domain", default=None, help="A domain from `docground domains`, e.g. document.invoice.")
@click.option("--schema", default=None, help="A JSON schema file, or path.py:ModelName (Pydantic).")
@click.option("--values-dir", default=None, type=click.Path(file_okay=False),
              help="Ground instead: VALUES_DIR/<name>.json (or <name without suffix>.json) holds each document's values.")
@click.option("--engine", "engine_name", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where documents run: local processes, or a Ray cluster (pip install -e '.[ray]').")
@click.option("--workers", type=int, default=None, help="Worker processes or Ray actors (default: one per CPU).")
@click.option("--address", default=None,
              help="Ray cluster: auto, ray://host:10001, host:6379 (default: a Ray started for this run).")
@click.option("--no-grounding", is_flag=True, help="Values only, without `_metadata`.")
@click.option("--detailed", is_flag=True, help="Add each box's OCR content and a float confidence.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@_backend_options
@_input_options
def batch(inputs, outdir, from_list, domain, schema, values_dir, engine_name, workers, address, no_grounding, detailed,
          no_progress, backend, cross_check, pages, ocr, dpi, password, max_pixels, **model_options):
    """Run many documents (files, folders, globs) into OUTDIR: one prediction JSON each and index.jsonl.

    A second run skips the documents already done with the same bytes and options; a document
    that fails is a row with its error, the others go on. Exit code 1 when any failed.
    """
    from rich.console import Console

    from .batch import Options, expand, print_summary, run_batch

    if values_dir and (domain or schema):
        raise InputError("give --values-dir (ground) or --domain/--schema (generate), not both")
    if not values_dir and not domain and not schema:
        raise InputError("give --domain (see `docground domains`), --schema, or --values-dir")
    if domain and schema:
        raise InputError("give either --domain or --schema, not both")
    if values_dir and not Path(values_dir).is_dir():
        raise InputError(f"values folder not found: {values_dir}")
    if not inputs and not from_list:
        raise InputError("give the documents to run: files, folders, globs or --from-list")
    if address and engine_name != "ray":
        raise InputError("--address is for --engine ray")
    if workers is not None and workers < 1:
        raise InputError("--workers must be at least 1")
    video = {k: model_options.pop(k) for k in ("fps", "start", "end", "max_frames", "max_seconds") if k in model_options}
    load_options = _load_kwargs(pages, ocr, dpi, password, max_pixels, **video)
    from .ingest import check_options

    check_options(ocr, dpi)
    if not values_dir:
        from .backends import get_backend
        from .generate import resolve_schema

        resolve_schema(domain, schema)  # a bad schema or backend fails before any document is read
        get_backend(backend, **{k: v for k, v in model_options.items() if v is not None})
    options = Options(domain=domain, schema=_absolute_schema(schema),
                      values_dir=str(Path(values_dir).resolve()) if values_dir else None,
                      grounding=not no_grounding, detailed=detailed, backend=backend, cross_check=cross_check,
                      model_options={k: v for k, v in model_options.items() if v is not None}, load=load_options)
    out = Path(outdir)
    docs, warnings = expand(list(inputs), from_list, exclude=out)
    console = Console(stderr=True)
    for w in warnings:
        click.echo(f"docground: warning: {w}", err=True)

    def make_engine():
        if engine_name == "ray":
            from .batch.ray_engine import RayEngine

            return RayEngine(options, workers=workers, address=address)
        from .batch.local import LocalEngine

        return LocalEngine(options, workers=workers)

    summary = run_batch(docs, out, options, make_engine, progress=not no_progress, console=console)
    if summary.interrupted:
        done = summary.ok + summary.failed + summary.skipped
        click.echo(f"docground: interrupted: {done} done, {summary.left} left; rerun to resume", err=True)
        sys.exit(128 + summary.interrupted)
    print_summary(summary, out, console)
    if summary.failed:
        sys.exit(1)


def _absolute_schema(schema: str | None) -> str | None:
    """A schema file (or path.py:Model) with an absolute path, so workers elsewhere find it."""
    if not schema:
        return schema
    path, sep, model = schema.rpartition(":") if ":" in schema and not Path(schema).is_file() else (schema, "", "")
    return str(Path(path).resolve()) + sep + model if Path(path).is_file() else schema


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
@click.option("-o", "--output", default=None, help="Write the tables JSON here (default: stdout).")
@click.option("--csv", "csv_dir", default=None, type=click.Path(), help="Also write one CSV per table into this folder.")
@_input_options
def tables(file, output, csv_dir, pages, ocr, dpi, password, max_pixels, **video):
    """Find every table in FILE (ruled or not): its box, rows, columns, header and cells, as JSON."""
    from .extract.tables_detect import tables as find_tables, to_csv

    found = find_tables(file, progress=True, **_load_kwargs(pages, ocr, dpi, password, max_pixels, **video))
    _write(to_json({"tables": [t.to_dict() for t in found]}), output)
    if csv_dir:
        folder = Path(csv_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for i, t in enumerate(found):
            path = folder / f"{Path(file).stem}-p{t.page_index}-t{i}.csv"
            path.write_text(to_csv(t), encoding="utf-8")
            click.echo(f"wrote {path}", err=True)


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

    data = read_json(result, "result")
    if isinstance(data, dict) and isinstance(data.get("response"), dict):
        data = data["response"]  # a prediction from `docground generate`
    if not isinstance(data, dict):
        raise InputError(f"result must be a JSON object: {result}")
    written = render_pages(file, data, output, pages=parse_pages(pages) if pages else None,
                           password=password, dpi=dpi, grid=grid)
    for p in written:
        click.echo(f"wrote {p}", err=True)


@cli.command()
@click.argument("inputs", nargs=-1, metavar="FILE RESULT")
@click.option("--compare", is_flag=True, help="Compare two versions: A.pdf a.json B.pdf b.json.")
@click.option("-o", "--output", default=None, help="HTML file to write (default: <FILE stem>.review.html).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option("--pages", default=None, help="Pages to show, 0-based: '0,2-4'.")
@click.option("--dpi", type=int, default=120, show_default=True, help="Resolution of the embedded page images.")
@click.option("--password", default=None, help="Password of an encrypted PDF.")
def view(inputs, compare, output, open_browser, pages, dpi, password):
    """Write one self-contained HTML page to review RESULT on the pages of FILE (or compare two)."""
    from .ingest import parse_pages
    from .viz.viewer import write_compare, write_viewer

    want = 4 if compare else 2
    if len(inputs) != want:
        usage = "--compare A.pdf a.json B.pdf b.json" if compare else "FILE RESULT (or --compare A.pdf a.json B.pdf b.json)"
        raise InputError(f"view takes {usage}, got {len(inputs)} argument{'s' if len(inputs) != 1 else ''}")
    for path in inputs[::2]:
        if not Path(path).is_file():
            raise InputError(f"file not found: {path}")
    selected = parse_pages(pages) if pages else None
    stem = Path(inputs[0]).stem
    out = output or (f"{stem}.compare.html" if compare else f"{stem}.review.html")
    if compare:
        written = write_compare(*inputs, out, pages=selected, dpi=dpi, password=password, progress=True)
    else:
        written = write_viewer(*inputs, out, pages=selected, dpi=dpi, password=password, progress=True)
    click.echo(f"wrote {written}", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(written.resolve().as_uri())


def _server_options(f):
    """Where the server keeps its state: shared by `serve` and `keys`."""
    f = click.option("--db-url", default=None, help="SQLAlchemy URL of the database "
                     "(default: SQLite in the data dir; postgresql://... works too).")(f)
    f = click.option("--data-dir", default=None, type=click.Path(file_okay=False),
                     help="Database and stored files (default: $DOCGROUND_DATA_DIR or ~/.docground).")(f)
    return f


def _store(data_dir, db_url):
    from .server.config import default_data_dir
    from .server.db import Store, db_url_for

    root = Path(data_dir) if data_dir else default_data_dir()
    root.mkdir(parents=True, exist_ok=True)
    return Store(db_url or db_url_for(root)).create()


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=int, default=8000, show_default=True)
@_server_options
@click.option("--no-auth", is_flag=True, help="No API keys (only on a loopback host): one local tenant.")
@click.option("--workers", type=int, default=None, help="Job workers (default: one per CPU).")
@click.option("--runner", type=click.Choice(["process", "thread", "ray"]), default="process", show_default=True,
              help="Run jobs in a process pool, in threads of the server, or on Ray actors (pip install -e '.[ray]').")
@click.option("--ray-address", default=None,
              help="Ray cluster of --runner ray: auto, ray://host:10001 (default: a Ray started with the server).")
@click.option("--max-upload-mb", type=float, default=32, show_default=True, help="Largest upload accepted (413 beyond).")
@click.option("--allow-fetch", multiple=True, metavar="HOST[:PORT]",
              help="Hosts that document/image `url` inputs may be fetched from (default: none, the server is offline).")
@click.option("--webhook-secret", default=None, envvar="DOCGROUND_WEBHOOK_SECRET",
              help="Sign every callback with this secret (default: each API key's own secret).")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(host, port, data_dir, db_url, no_auth, workers, runner, ray_address, max_upload_mb, allow_fetch,
          webhook_secret, log_level):
    """Run the REST server: VLM Run's API under /v1 (OpenAPI at /docs)."""
    from .server import ServerConfig, serve as run_server
    from .server.config import default_data_dir

    config = ServerConfig(data_dir=Path(data_dir) if data_dir else default_data_dir(), db_url=db_url, host=host,
                          port=port, auth=not no_auth, workers=workers, runner=runner, ray_address=ray_address,
                          max_upload_bytes=int(max_upload_mb * (1 << 20)), allow_fetch=tuple(allow_fetch),
                          webhook_secret=webhook_secret)
    try:
        config.check()
    except ValueError as e:
        raise InputError(str(e)) from None
    if config.auth and not _store(data_dir, db_url).keys():
        click.echo("docground: no API keys yet: create one with `docground keys create`", err=True)
    run_server(config, log_level=log_level)


@cli.group()
def keys():
    """Create, list and revoke the server's API keys (stored hashed)."""


@keys.command("create")
@click.option("--name", default="", help="A label for the key.")
@click.option("--tenant", default=None, help="Share an existing key's tenant (its files and predictions).")
@_server_options
def keys_create(name, tenant, data_dir, db_url):
    """Create a key; it is printed once, with the secret that signs its webhooks."""
    from .server.keys import create_key

    store = _store(data_dir, db_url)
    if tenant and not store.tenant_exists(tenant):
        raise InputError(f"no key has tenant {tenant!r} (see `docground keys list`)")
    row, key = create_key(store, name=name, tenant=tenant)
    click.echo(f"api key:        {key}")
    click.echo(f"id:             {row.id}")
    click.echo(f"tenant:         {row.tenant}")
    click.echo(f"webhook secret: {row.webhook_secret}")
    click.echo("Keep the key now: only its hash is stored.", err=True)


@keys.command("list")
@click.option("--show-secrets", is_flag=True, help="Also print each key's webhook secret.")
@_server_options
def keys_list(show_secrets, data_dir, db_url):
    """List keys (id, tenant, name, first characters, created, revoked)."""
    for k in _store(data_dir, db_url).keys():
        state = f"revoked {k.revoked_at[:19]}" if k.revoked_at else "active"
        extra = f"  {k.webhook_secret}" if show_secrets else ""
        click.echo(f"{k.id}  {k.tenant}  {k.prefix}...  {k.created_at[:19]}  {state}  {k.name}{extra}")


@keys.command("revoke")
@click.argument("key_id")
@_server_options
def keys_revoke(key_id, data_dir, db_url):
    """Revoke a key by its id (or a unique id prefix): requests with it get 401 at once."""
    from .server.keys import find_key

    store = _store(data_dir, db_url)
    row = find_key(store, key_id)
    if row is None:
        raise InputError(f"no such key: {key_id}")
    store.revoke_key(row.id)
    click.echo(f"revoked {row.id}", err=True)


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
