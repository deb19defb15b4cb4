"""Publishing a shoot day's call sheet: the job behind ``xlproduction publish`` and the Publish button.

It works on the workbook *file* as saved (the ribbon button too: what is sent is what is on disk, and the PDFs are
printed from it). In order:

1. the secrets configuration (``notify.config``) — refused at once when unusable;
2. the workbook read (the call sheet's tables), the day's call sheet checked as the Call sheet button checks it —
   a day with blocking errors is not sent;
3. the revision: what the publication log (``notify.log``) remembers of this day. The same content again keeps
   its revision, and the channels that already have it are skipped unless ``force``; new content is a new
   revision (White, Blue, Pink…), never lower than the revision of the day's call-sheet tab in the workbook;
4. the changes concerning the day, since ``since`` (another version of the workbook) or else since the last
   publication of this workbook (the log keeps a copy of the workbook as it was published);
5. the PDFs, crew and cast versions, when email is to be sent (LibreOffice; without it email fails in one line and
   the other channels still go);
6. the payloads, then either sent (each channel on its own: one failing never stops the others) and recorded in the
   log, or, with ``dry_run``, written to files byte for byte, nothing sent and nothing recorded.
"""

from __future__ import annotations

import datetime as dt
import ssl
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from ..callsheet.model import Audience, CallSheet, build_callsheet, prepare
from ..callsheet.readiness import CALLSHEET_LOAD, callsheet_rules, readiness
from ..changes import compare
from ..changes.model import Change
from ..checks import run_checks
from ..model.contract import CALLSHEET_TEMPLATE_SHEET
from ..model.production import Production
from ..notify.config import ConfigError, PublishConfig, load_config
from ..notify.delivery import Outcome, RetryPolicy
from ..notify.log import Publication, PublicationLog
from ..notify.publish import AUDIENCES, CHANNELS, Plan, content_hash, deliver, plan, write_dry_run
from .callsheets import CallSheetNotReady, make_callsheets, next_day, resolve_days, tab_name

COMMAND = "xlproduction publish WORKBOOK.xlsx --day N"
DRY_RUN_SENDER = "Production Office <office@example.invalid>"  # a dry run without a configured sender


@dataclass(frozen=True)
class PublishResult:
    workbook: Path
    day: int
    date: dt.date
    revision: int
    colour: str
    channels: tuple[str, ...]
    outcomes: tuple[Outcome, ...] = ()
    changes: tuple[Change, ...] = ()  # those announced: the day's, since ``since``
    since: str | None = None  # what the changes are counted from
    warnings: tuple[str, ...] = ()
    missing: dict[str, tuple[str, ...]] = field(default_factory=dict)  # audience -> people with no usable email
    pdfs: tuple[Path, ...] = ()
    dry_run: Path | None = None
    files: tuple[Path, ...] = ()  # what the dry run wrote

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def ok(self) -> bool:
        return not self.failed


def channels_asked(to: str | Collection[str] | None, config: PublishConfig, dry_run: bool) -> tuple[str, ...]:
    """The channels to publish to: those asked for (``slack,teams,email``), else every configured one (a dry run
    with none configured shows all three)."""
    if to is None:
        chosen = config.configured() or (list(CHANNELS) if dry_run else [])
        if not chosen:
            raise ConfigError("No channel is configured: set XLPRODUCTION_SLACK_WEBHOOK, XLPRODUCTION_TEAMS_WEBHOOK, "
                              "or XLPRODUCTION_SMTP_URL with XLPRODUCTION_MAIL_FROM (or the same keys in the config "
                              "file; see the README, Publishing). --dry-run shows what would be sent without any.")
        return tuple(c for c in CHANNELS if c in chosen)
    names = [x.strip().lower() for x in ([to] if isinstance(to, str) else to) for x in x.split(",") if x.strip()]
    unknown = sorted(set(names) - set(CHANNELS))
    if unknown or not names:
        raise ConfigError(f"Unknown channel {', '.join(unknown) or '(none)'}: choose from slack, teams, email "
                          "(comma-separated).")  # fmt: skip
    return tuple(c for c in CHANNELS if c in names)


def _revision(log: PublicationLog, day: int, digest: str, in_workbook: int | None) -> int:
    last = log.last(day)
    if last is not None and last.content_hash == digest:
        return last.revision
    if last is not None:
        return max(last.revision + 1, in_workbook or 0)
    return in_workbook or 0


def _changes_since(p: Production, day: int, since: Path | None, log: PublicationLog) -> tuple[list[Change], str | None,
                                                                                             list[str]]:  # fmt: skip
    from ..workbook.reader import load_production

    if since is not None:
        old, label = load_production(since, tables=CALLSHEET_LOAD), since.name
    else:
        last = log.last()
        snapshot = log.snapshot(last)
        if last is None or snapshot is None:
            return [], None, []
        old = load_production(snapshot, tables=CALLSHEET_LOAD)
        label = f"the publication of {dt.datetime.fromisoformat(last.at):%a %d-%b-%Y %H:%M} (day {last.day})"
    cs = compare(old, p)
    return cs.for_day(day), label, list(cs.warnings)


def _pdfs(path: Path, p: Production, day: int, revision: int, folder: Path,
          now: dt.datetime) -> dict[Audience, tuple[str, bytes, Path]]:  # fmt: skip
    """Each audience's call sheet of ``day`` printed to PDF in ``folder`` (drawn into a throwaway copy of the
    workbook: publishing writes nothing into it)."""
    from ..workbook.source import FileWorkbook

    out: dict[Audience, tuple[str, bytes, Path]] = {}
    with tempfile.TemporaryDirectory(prefix="xlproduction-publish-") as tmp:
        for aud in AUDIENCES:
            copy = Path(tmp) / f"{aud.value}.xlsx"
            done = make_callsheets(FileWorkbook(path, copy, backups=0), [day], aud, folder, now=now, production=p,
                                   revision=revision)  # fmt: skip
            pdf = done.sheets[0].pdf
            if pdf is not None:
                out[aud] = (pdf.name, pdf.read_bytes(), pdf)
    return out


def publish(path: str | Path, day: int | None = None, *, to: str | Collection[str] | None = None,
            since: str | Path | None = None, dry_run: str | Path | None = None, force: bool = False,
            config: PublishConfig | None = None, data_root: Path | None = None, pdf_dir: str | Path | None = None,
            selected: Callable[[Production], int | None] | None = None, policy: RetryPolicy | None = None,
            tls: ssl.SSLContext | None = None, now: dt.datetime | None = None) -> PublishResult:  # fmt: skip
    """Publish the call sheet of shoot ``day`` of the workbook at ``path`` (None: ``selected(p)``, else the next
    shoot day on or after the Status Date) to the channels ``to`` (default: every configured one).

    ``dry_run``: a folder where the exact payloads, emails and PDFs are written instead of sending anything.
    ``pdf_dir``: where the PDFs go when sending (default: beside the workbook). ``data_root``: the folder of the
    publication log (default: the user's data folder). Raises ``ConfigError`` (configuration unusable),
    ``UnknownDay``, ``CallSheetNotReady`` (errors block the day: nothing sent), ``WorkbookUnreadable``."""
    from ..workbook.callsheet_canvas import read_revisions
    from ..workbook.source import FileWorkbook

    path = Path(path)
    config = config if config is not None else load_config()
    chosen = channels_asked(to, config, dry_run is not None)
    stamp = now or dt.datetime.now().astimezone()
    p = FileWorkbook(path).read(CALLSHEET_LOAD, also_sheets=[CALLSHEET_TEMPLATE_SHEET])
    if day is None:
        day = (selected(p) if selected is not None else None) or next_day(p)
    day = resolve_days(p, [day])[0]

    findings = run_checks(p, callsheet_rules())
    inputs = prepare(p)
    sheets: dict[Audience, CallSheet] = {a: build_callsheet(p, day, a, generated=stamp.replace(tzinfo=None),
                                                            inputs=inputs) for a in AUDIENCES}  # fmt: skip
    errors, _ = readiness(findings, p, sheets[Audience.CREW])
    if errors:
        raise CallSheetNotReady({day: errors})

    log = PublicationLog(path, data_root)
    digest = content_hash([sheets[a] for a in AUDIENCES])
    tab = tab_name(day, sheets[Audience.CREW].date)
    revision = _revision(log, day, digest, read_revisions(path, [tab]).get(tab))
    sheets = {a: cs.with_revision(revision) for a, cs in sheets.items()}
    crew = sheets[Audience.CREW]
    already = set() if dry_run is not None else log.delivered(day, digest)
    changes, since_label, warnings = _changes_since(p, day, Path(since) if since else None, log)

    def result(outcomes: list[Outcome], pl: Plan | None = None, pdfs: tuple[Path, ...] = (),
               files: tuple[Path, ...] = ()) -> PublishResult:  # fmt: skip
        return PublishResult(workbook=path, day=day, date=crew.date, revision=revision, colour=crew.revision_colour,
                             channels=chosen, outcomes=tuple(outcomes), changes=tuple(changes), since=since_label,
                             warnings=tuple(warnings), missing=dict(pl.missing) if pl else {}, pdfs=pdfs,
                             dry_run=Path(dry_run) if dry_run is not None else None, files=files)  # fmt: skip

    to_send = [c for c in chosen if force or c not in already]
    if not to_send:  # everything asked for already has this call sheet: nothing to print, nothing to send
        return result(deliver(plan(p, sheets, chosen, changes), config, already=already, force=False))

    outcomes_first: list[Outcome] = []
    pdfs: dict[Audience, tuple[str, bytes, Path]] = {}
    if "email" in to_send:
        from ..workbook.libreoffice import LibreOfficeError, LibreOfficeMissing

        folder = Path(dry_run) if dry_run is not None else Path(pdf_dir) if pdf_dir is not None else path.parent
        folder.mkdir(parents=True, exist_ok=True)
        try:
            pdfs = _pdfs(path, p, day, revision, folder, stamp.replace(tzinfo=None))
        except (LibreOfficeMissing, LibreOfficeError) as e:
            message = f"the call sheet PDF could not be made: {e}"
            if dry_run is None:  # no email without its call sheet; the chat channels still go
                outcomes_first.append(Outcome("email", False, message))
                to_send.remove("email")
                chosen = tuple(c for c in chosen if c != "email")
            else:
                warnings.append(f"The emails are written without their PDF: {message}")
    sender = config.mail_from or (DRY_RUN_SENDER if dry_run is not None else "")
    pl = plan(p, sheets, chosen, changes, sender=sender, pdfs={a: (n, b) for a, (n, b, _) in pdfs.items()})
    pdf_paths = tuple(x[2] for x in pdfs.values())
    if dry_run is not None:
        files = tuple(write_dry_run(pl, Path(dry_run)))
        outcomes = [Outcome(c, True, f"dry run: written to {Path(dry_run)}", skipped=True) for c in pl.channels]
        return result([*outcomes_first, *outcomes], pl, pdf_paths, files + pdf_paths)
    outcomes = [*outcomes_first, *deliver(pl, config, already=already, force=force, policy=policy, tls=tls)]
    status = {o.channel: o.status for o in outcomes}
    if not all(o.skipped for o in outcomes):  # failures are recorded too; the snapshot only when something went
        delivered = any(o.ok and not o.skipped for o in outcomes)
        log.record(Publication(at=stamp.isoformat(timespec="seconds"), workbook=str(path.resolve()),
                               title=crew.title, day=day, date=crew.date.isoformat(), revision=revision,
                               colour=crew.revision_colour, content_hash=digest, channels=status),
                   snapshot_of=path if delivered else None)  # fmt: skip
    return result(outcomes, pl, pdf_paths)
