"""docground: documents in, structured JSON out, every field located on its page."""

from .box import Box
from .document import Document, Line, Page, Word
from .errors import DocgroundError, InputError, PasswordError
from .ingest import load
from .ground import ground
from .generate import generate
from .client import Client, GenerationConfig
from .extract.tables_detect import tables

__all__ = [
    "Box",
    "Document",
    "Page",
    "Line",
    "Word",
    "DocgroundError",
    "InputError",
    "PasswordError",
    "load",
    "ground",
    "generate",
    "tables",
    "Client",
    "GenerationConfig",
]
__version__ = "0.1.0"
