"""Image Tagger command line: ``python manage.py COMMAND --help``.

Commands: analyze (metrics of image files), migrate (create or upgrade the database),
docs (regenerate docs/metrics.md from the registry).
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
