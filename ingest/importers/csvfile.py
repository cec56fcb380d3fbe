"""CSV with a header row naming the schema's fields, in UTF-8 (with or without BOM) or Windows-1256."""

import codecs
import csv
import io

from .fields import record_from_mapping
from .records import RecordError, read_bytes

NAME = "csv"
SNIFF = 65536


def looks_like(head):
    first_line = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].lower()
    return b"headline" in first_line and any(mark in first_line for mark in (b",", b";", b"\t"))


def encoding_of(path):
    """UTF-8 when the start of the file decodes as UTF-8; otherwise the legacy Arabic Windows code page."""
    head = read_bytes(path, SNIFF)
    if b"\x00" in head:
        raise RecordError(path, "a binary file, not CSV text")
    try:
        # An incremental decoder tolerates a character cut at the end of the sample.
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        try:
            head.decode("cp1256")
            return "cp1256"
        except UnicodeDecodeError:
            raise RecordError(path, "neither UTF-8 nor Windows-1256 text; save the file as UTF-8")


def parse(path, source=NAME, language="ar", media_dir=None):
    encoding = encoding_of(path)
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        try:
            sample = text.read(4096)
            if not sample.strip():
                raise RecordError(path, "the file is empty")
            dialect = csv.Sniffer().sniff(sample.splitlines()[0], delimiters=",;\t")
            text.seek(0)
            rows = csv.DictReader(text, dialect=dialect)
            if "headline" not in (rows.fieldnames or []):
                raise RecordError(path, "the header row has no 'headline' column", 1)
            for row in rows:
                if None in row:
                    yield RecordError(path, "more cells than the header has columns", rows.line_num)
                    continue
                yield record_from_mapping(row, path, rows.line_num, source, language)
        except UnicodeDecodeError as error:
            raise RecordError(path, f"not {encoding} text further down ({error.reason})")
        except csv.Error as error:
            raise RecordError(path, f"broken CSV: {error}")
