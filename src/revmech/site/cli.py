"""The `revmech` command: the platform's management commands under one name.

revmech load-reference          load the shipped reference data (idempotent)
revmech reference check         list the treaty statuses still to be confirmed
revmech rulebook show|diff|add  the versions of the rulebook and the one in force (P&R para 6)
revmech demo                    load demonstration people, draws and reviews
revmech serve [ADDR:PORT]       run the production server (gunicorn)
revmech followup collect|report ...  take needs into the register; write reports (docx)
revmech lots draw|verify|fairness|commit|seed ...   drawing of lots without a database
revmech lots export-world       the platform's States in the world format
revmech reports list|show|approve|findings|export   country review reports
revmech <django command> ...    any other management command (migrate, createsuperuser, ...)
"""

from __future__ import annotations

import os
import sys

ALIASES = {"load-reference": "load_reference"}
DATABASE_FREE_LOTS = {"draw", "verify", "fairness", "commit", "seed"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["lots"] and args[1:2] and args[1] in DATABASE_FREE_LOTS:
        from revmech.rules.lots.cli import main as lots_main

        return lots_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "revmech.site.settings")
    if args[:1] == ["serve"]:
        return serve(args[1:])
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    from django.core.management import execute_from_command_line

    if args[:1] == ["migrate"]:
        # The database cache holds the used second-factor codes across workers, and the public
        # pages' version, which the reference data's migrations already increase: made first.
        execute_from_command_line(["revmech", "createcachetable"])
    execute_from_command_line(["revmech", *args])
    return 0


def serve(args: list[str]) -> int:
    """Collect static files, then run gunicorn on ADDR:PORT (default 127.0.0.1:8000)."""
    bind = args[0] if args and not args[0].startswith("-") else "127.0.0.1:8000"
    extra = args[1:] if args and not args[0].startswith("-") else args
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    os.execvp(  # noqa: S606 - replaces this process with gunicorn, arguments fixed above
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "revmech.site.wsgi:application",
            "--bind",
            bind,
            "--workers",
            workers,
            "--access-logfile",
            "-",
            *extra,
        ],
    )


if __name__ == "__main__":
    raise SystemExit(main())
