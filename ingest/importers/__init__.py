"""Bring stories in from files: one module per format, one shared upsert.

A format module has ``NAME``, ``looks_like(first_bytes)`` and
``parse(path, source, language, media_dir)``, a generator that yields an
``ArticleRecord`` per good record and a ``RecordError`` per bad one, and raises
``RecordError`` when the file as a whole cannot be read. By default the run is
one transaction: any bad record and nothing is written. With ``skip_errors``
each record is saved in its own savepoint and the bad ones are listed.
"""

import csv
import json
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction

from articles.models import Article
from articles.signals import stories_changed
from newsroom.db import refresh_planner_statistics
from photos.processing import InvalidPhoto

from . import csvfile, feed, jsonfile, plaintext, wordpress
from .bodies import finish_cards
from .records import ArticleRecord, RecordError, Skipped, read_bytes
from .upsert import CREATED, UNCHANGED, UPDATED, BatchWriter, Defaults, upsert

SKIPPED = "skipped"

# Detection tries these in order; plain text comes last because almost anything is text.
FORMATS = {module.NAME: module for module in (wordpress, feed, jsonfile, csvfile, plaintext)}
SNIFF_BYTES = 4096

__all__ = ["FORMATS", "ArticleRecord", "Defaults", "ImportFailed", "ImportReport", "RecordError", "Skipped", "import_paths"]


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    dry_run: bool = False
    skip_errors: bool = False
    seconds: float = 0.0

    def summary(self):
        names = (CREATED, UPDATED, UNCHANGED, SKIPPED)
        parts = [f"{self.counts[name]} {name}" for name in names]
        parts.append(f"{len(self.errors)} failed")
        prefix = "dry run, nothing written: " if self.dry_run else ""
        return f"{prefix}{', '.join(parts)} in {self.seconds:.1f}s"

    def write(self, path):
        """The failures, one per row (CSV) or object (JSON), so staff can fix and re-run them."""
        rows = [{"file": error.path, "line": error.line or "", "reason": error.message} for error in self.errors]
        with open(path, "w", encoding="utf-8", newline="") as out:
            if str(path).endswith(".json"):
                json.dump(rows, out, ensure_ascii=False, indent=2)
            else:
                writer = csv.DictWriter(out, fieldnames=["file", "line", "reason"])
                writer.writeheader()
                writer.writerows(rows)


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


def import_paths(
    paths, format=None, defaults=None, source=None, language="ar", dry_run=False, skip_errors=False,
    media_dir=None, progress=None,
):
    """Import every story in ``paths``.

    Raises ImportFailed, having written nothing, on any error; with ``skip_errors``, keeps the
    good records and raises ImportFailed afterwards if any failed. ``progress`` is called with
    each outcome (for a progress bar).
    """
    started = time.monotonic()
    report = ImportReport(dry_run=dry_run, skip_errors=skip_errors)
    defaults = defaults or Defaults()
    writer = BatchWriter(defaults)

    def tally(outcome):
        if isinstance(outcome, RecordError):
            report.errors.append(outcome)
        else:
            report.counts[outcome] += 1
        if progress:
            progress(outcome)

    def write(batch_call):
        writer.last_records = []
        try:
            with transaction.atomic():
                results = batch_call()
        except (DatabaseError, OSError, InvalidPhoto):
            # Sections, authors or tags looked up inside the undone savepoint are gone again.
            defaults.known.clear()
            # Something in the batch cannot be saved: save its records one by one to find it.
            results = [(record, save(record, defaults)) for record in writer.last_records]
        for _record, outcome in results:
            tally(outcome)

    with transaction.atomic():
        for path in paths:
            try:
                module = FORMATS[format or detect_format(path)]
                for item in module.parse(path, source=source or module.NAME, language=language, media_dir=media_dir):
                    if isinstance(item, ArticleRecord) and (name := item.field_holding_nul()):
                        item = nul_error(item, name)
                    if isinstance(item, (RecordError, Skipped)):
                        tally(save(item, defaults))
                        continue
                    if writer.holds(item):
                        # The same story twice in one batch: the second updates the first.
                        write(writer.flush)
                    writer.add(item)
                    if writer.full():
                        write(writer.flush)
            except RecordError as error:
                report.errors.append(error)
            write(writer.flush)
        finish_cards(defaults.unresolved_cards)
        if dry_run or (report.errors and not skip_errors):
            transaction.set_rollback(True)
    if not dry_run and (report.counts[CREATED] or report.counts[UPDATED]):
        refresh_planner_statistics()
        # New stories were written in bulk, past the model signals a save sends.
        stories_changed.send(sender=Article, story_ids=None)
    report.seconds = time.monotonic() - started
    if report.errors:
        raise ImportFailed(report)
    return report


def nul_error(record, name):
    shown_id = record.external_id.replace("\x00", "\\0")
    return RecordError(record.path, f"record {shown_id}: the {name} holds a NUL character", record.line)


def save(item, defaults):
    """Upsert one record in its own savepoint; a RecordError (given or raised) is returned.

    The savepoint undoes a failed record alone, so the run can go on (and, on PostgreSQL,
    its transaction stays usable) to report every other bad record.
    """
    if isinstance(item, RecordError):
        return item
    if isinstance(item, Skipped):
        return SKIPPED
    try:
        with transaction.atomic():
            return upsert(item, defaults)
    except DatabaseError as error:
        defaults.known.clear()
        return RecordError(item.path, f"record {item.external_id}: could not be saved: {error}", item.line)
    except (OSError, InvalidPhoto) as error:
        defaults.known.clear()
        return RecordError(item.path, f"record {item.external_id}: image could not be read: {error}", item.line)
