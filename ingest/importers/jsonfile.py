"""JSON (an array of articles) and NDJSON (one article per line), read one record at a time."""

import json

import ijson

from .fields import record_from_mapping
from .records import RecordError, read_bytes

NAME = "json"


def looks_like(head):
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{")


def parse(path, source=NAME, language="ar", media_dir=None):
    head = read_bytes(path, 4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise RecordError(path, "the file is empty")
    if head[:1] == b"[":
        yield from _parse_array(path, source, language)
    else:
        yield from _parse_lines(path, source, language)


def _parse_array(path, source, language):
    number = 0
    with open(path, "rb") as file:
        try:
            for number, item in enumerate(ijson.items(file, "item", use_float=True), start=1):
                yield record_from_mapping(item, path, number, source, language)
        except ijson.IncompleteJSONError:
            raise RecordError(path, f"the JSON ends too early or is broken in record {number + 1}", number + 1)
        except (ijson.JSONError, UnicodeDecodeError) as error:
            raise RecordError(path, f"not valid JSON in record {number + 1}: {str(error).splitlines()[0]}", number + 1)


def _parse_lines(path, source, language):
    with open(path, "rb") as file:
        for number, raw in enumerate(file, start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                yield RecordError(path, "not UTF-8 text; save the file as UTF-8", number)
                continue
            except json.JSONDecodeError as error:
                yield RecordError(path, f"not valid JSON ({error.msg}, column {error.colno})", number)
                continue
            yield record_from_mapping(data, path, number, source, language)
