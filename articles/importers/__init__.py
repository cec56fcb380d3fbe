"""Bring stories in from files: one module per format, one shared upsert.

A format module has ``NAME``, ``looks_like(first_bytes)`` and
``parse(path, source, language)`` yielding ``ArticleRecord``s. The whole run
is one transaction: any bad record and nothing is written.
"""

import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction

from . import plaintext
from .records import ArticleRecord, RecordError, read_bytes
from .upsert import CREATED, UNCHANGED, UPDATED, upsert

FORMATS = {module.NAME: module for module in (plaintext,)}
SNIFF_BYTES = 4096

__all__ = ["FORMATS", "ArticleRecord", "ImportFailed", "ImportReport", "RecordError", "import_paths"]


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0

    def summary(self):
        counts = ", ".join(f"{self.counts[name]} {name}" for name in (CREATED, UPDATED, UNCHANGED))
        failed = f", {len(self.errors)} failed" if self.errors else ""
        prefix = "dry run, nothing written: " if self.dry_run else ""
        return f"{prefix}{counts}{failed} in {self.seconds:.1f}s"


class ImportFailed(Exception):
    def __init__(self, report):
        self.report = report
        super().__init__("\n".join(str(error) for error in report.errors))


def detect_format(path):
    head = read_bytes(path, SNIFF_BYTES)
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise RecordError(path, "the file is empty")
    for name, module in FORMATS.items():
        if module.looks_like(head):
            return name
    raise RecordError(path, f"unknown format; name one with --format ({', '.join(FORMATS)})")


def import_paths(paths, format=None, status=None, section=None, source=None, language="ar", dry_run=False):
    """Import every story in ``paths``; raises ImportFailed, having written nothing, on any error."""
    started = time.monotonic()
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        for path in paths:
            try:
                module = FORMATS[format or detect_format(path)]
                for record in module.parse(path, source=source or module.NAME, language=language):
                    report.counts[save_record(record, status, section)] += 1
            except RecordError as error:
                report.errors.append(error)
        if report.errors or dry_run:
            transaction.set_rollback(True)
    report.seconds = time.monotonic() - started
    if report.errors:
        raise ImportFailed(report)
    return report


def save_record(record, status, section):
    try:
        with transaction.atomic():
            return upsert(record, status=status, section=section)
    except DatabaseError as error:
        raise RecordError(record.path, f"could not be saved: {error}", record.line)
