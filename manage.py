"""Image Tagger command line: ``python manage.py COMMAND --help``.

Commands: analyze (metrics of image files), ingest (files, folders, zips to a job), runner (the
worker that processes jobs), migrate (create or upgrade the database), docs (regenerate
docs/metrics.md from the registry). Commands that use the database create or upgrade it first.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import settings


def cmd_analyze(args: argparse.Namespace) -> int:
    from science.errors import ImageLoadError
    from science.pipeline import analyze
    from science.registry import registry

    attrs = registry()
    reports, failed = [], 0
    for path in args.paths:
        try:
            result = analyze(Path(path), long_side=args.long_side)
        except (ImageLoadError, OSError) as exc:
            failed += 1
            reports.append({"path": path, "error": str(exc)})
            if not args.json:
                print(f"{path}: ERROR {exc}", file=sys.stderr)
            continue
        reports.append({"path": path, **result.to_dict()})
        if args.json:
            continue
        w, h = result.input_size
        aw, ah = result.analysis_size
        print(f"{path}  ({result.format}, {w}×{h} analysed at {aw}×{ah}, {result.timings['total'] * 1000:.0f} ms)")
        for key, value in result.values.items():
            attr = attrs.get(key)
            unit = f" {attr.unit}" if attr and attr.unit else ""
            print(f"  {key:34s} {value:12.4f}{unit}")
        for key, why in result.undefined.items():
            print(f"  {key:34s} {'undefined':>12s}  ({why})")
        for name, err in result.errors.items():
            print(f"  analyzer {name} failed: {err}")
        print()
    if args.json:
        json.dump(reports if len(reports) != 1 else reports[0], sys.stdout, indent=2)
        print()
    return 1 if failed else 0


def _engine():
    from db.engine import make_engine
    from db.migrations import migrate

    engine = make_engine()
    migrate(engine)
    return engine


class Progress:
    """A one-line progress bar on a terminal; a line every 10 % otherwise."""

    def __init__(self, total: int, label: str):
        self.total, self.label, self.tty, self.last = max(total, 1), label, sys.stderr.isatty(), -1

    def update(self, done: int) -> None:
        pct = int(100 * done / self.total)
        if self.tty:
            bar = "#" * (pct // 4)
            print(f"\r{self.label} [{bar:<25}] {done}/{self.total}", end="", file=sys.stderr, flush=True)
        elif pct // 10 != self.last // 10 or done == self.total:
            print(f"{self.label}: {done}/{self.total}", file=sys.stderr, flush=True)
        self.last = pct

    def close(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    from db import jobs
    from db.engine import transaction
    from db.models import utcnow
    from ingest.sources import expand_paths
    from ingest.store import REJECTED, job_image_ids, stage

    engine = _engine()
    limits = settings.upload_limits()
    candidates = list(expand_paths([Path(p) for p in args.paths], limits, recursive=args.recursive))
    if not candidates:
        print("No files found.", file=sys.stderr)
        return 1
    progress = Progress(len(candidates), "checking")
    rows = []
    for row in stage(engine, candidates, limits=limits, data_dir=settings.data_dir(), uploaded_by=args.user):
        rows.append(row)
        progress.update(len(rows))
    progress.close()
    for row in rows:
        if row.status == REJECTED:
            print(f"rejected  {row.name}: {row.reason}")
        elif args.verbose or row.reason:
            print(f"{row.status:9s} {row.name}" + (f": {row.reason}" if row.reason else ""))
    image_ids = job_image_ids(rows)
    if not image_ids:
        print("Nothing to analyse: every file was rejected.", file=sys.stderr)
        return 1
    with transaction(engine) as s:
        job = jobs.create_job(s, label=args.label or "", created_by=args.user, options=jobs.METRICS_ONLY,
                              image_ids=image_ids, now=utcnow())
    rejected = sum(r.status == REJECTED for r in rows)
    print(f"Job #{job.id} created with {len(image_ids)} images ({rejected} files rejected). "
          "A runner will analyse them; watch it on the Jobs page.")
    return 0


def cmd_runner(args: argparse.Namespace) -> int:
    import logging

    from runner.supervisor import run_workers

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(levelname)s %(message)s")
    engine = _engine()
    if args.detach:
        from runner.supervisor import OUTCOMES, ensure_runner

        found = ensure_runner(engine, settings.data_dir(), root=settings.ROOT)
        print(OUTCOMES[found] + (f" Log: {settings.data_dir() / 'logs' / 'runner.log'}" if found == "started" else ""))
        return 0
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    lease = args.lease if args.lease else settings.lease_seconds()
    return run_workers(url, settings.data_dir(), workers=args.workers, burst=args.burst, lease_seconds=lease,
                       max_attempts=settings.max_attempts())


def cmd_migrate(_args: argparse.Namespace) -> int:
    from db.engine import make_engine
    from db.migrations import current_version, migrate

    engine = make_engine()
    applied = migrate(engine)
    print(f"database {engine.url.render_as_string(hide_password=True)}: schema version {current_version(engine)}"
          + (f" (applied {', '.join(map(str, applied))})" if applied else " (up to date)"))
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from science.registry import registry, render_markdown

    target = settings.ROOT / "docs" / "metrics.md"
    text = render_markdown(registry())
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print("docs/metrics.md is out of date: run `python manage.py docs`", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target.relative_to(settings.ROOT)} ({len(registry())} keys)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="manage.py", description="Image Tagger command line")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("analyze", help="print every metric of image files")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--long-side", type=int, default=1024, help="analysis size, long side in px (default 1024)")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("ingest", help="check and store images (files, folders, zips) and create a job")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--label", default="", help="a label for the job")
    p.add_argument("--recursive", action="store_true", help="include images in subfolders")
    p.add_argument("--user", default=None, help="who is uploading (shown in the monitor)")
    p.add_argument("--verbose", action="store_true", help="list accepted files too")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("runner", help="process queued jobs until stopped (SIGTERM/SIGINT finish the current item)")
    p.add_argument("--burst", action="store_true", help="drain the queue, then exit")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--lease", type=float, default=None, help="item lease in seconds (default 60)")
    p.add_argument("--detach", action="store_true",
                   help="start one runner in the background unless one is alive, then return")
    p.set_defaults(func=cmd_runner)

    p = sub.add_parser("migrate", help="create or upgrade the database schema")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("docs", help="regenerate docs/metrics.md from the attribute registry")
    p.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    p.set_defaults(func=cmd_docs)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
