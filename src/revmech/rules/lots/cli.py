"""The command line of the drawing of lots: ``draw``, ``verify`` and ``fairness`` (P&R para 20).

    draw --world WORLD.json --seed TEXT --out ASSIGNMENT.json [--protocol PROTOCOL.json]
         [--rulebook RULEBOOK.json [--version CODE]]
         [--exception INSTRUMENT ALLOWED_BY REASON]...
                                  limits from the version given (default: the packaged default);
                                  an instrument the group rule sets aside is named on stderr,
                                  with --exception the meeting's exception lets it be drawn
    verify PROTOCOL.json [--rulebook RULEBOOK.json] [--explain]
                                  exit 0 if it replays identically under the limits it records
                                  and they are those of the rulebook version it names; 1 naming
                                  the first difference; --explain prints every lot with its
                                  candidates (derived by the replay)
    fairness --runs N [--world WORLD.json]
    commit SECRET                 the SHA-256 to publish before the meeting
    seed --commitments C.json --reveals R.json | --digits DIGITS
                                  the seed fixed in the meeting (see docs/lots.md)

Errors print one line to stderr and exit 2; no output file is written (files are written to a
temporary file in the same folder and renamed, so nothing partial is ever left).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from revmech.rules import RuleViolation
from revmech.rules.lots.engine import DrawConfig, Meeting, verify
from revmech.rules.lots.fairness import report
from revmech.rules.lots.limits import config_from_rulebook, limits_mismatch
from revmech.rules.lots.stream import commitment, seed_from_digits, seed_from_reveals
from revmech.rules.lots.world import World, world_from_json
from revmech.rules.rulebook import Rulebook, parse_rulebooks, read_rulebooks


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise _UsageError(message)


def _write_atomically(path: Path, data: Any) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    folder = path.parent if str(path.parent) else Path(".")
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _read_json(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise _UsageError(f"cannot read {path}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise _UsageError(f"{path} is not JSON: {error.msg} at line {error.lineno}") from None


def _world(path: str) -> World:
    return world_from_json(_read_json(path))


def _rulebooks(path: str | None) -> tuple[Rulebook, ...]:
    """The versions of a rulebook file, or the packaged ones (P&R para 6)."""
    return parse_rulebooks(_read_json(path)) if path else read_rulebooks()


def _version(books: tuple[Rulebook, ...], code: str | None) -> Rulebook:
    if code is None:
        return next(b for b in books if b.is_default)
    for book in books:
        if book.code == code:
            return book
    raise _UsageError(f"the rulebook holds no version {code}")


def _check_limits(protocol: Any, path: str | None) -> str | None:
    """Whether the limits a protocol records are those of the rulebook version it names."""
    config = DrawConfig.from_json(protocol["inputs"]["config"])
    if not config.rulebook:
        return None  # a protocol from before rulebook versions: its recorded limits stand
    books = _rulebooks(path)
    if not any(b.code == config.rulebook for b in books):
        if path:
            return f"the rulebook file holds no version {config.rulebook}"
        print(
            f"note: rulebook {config.rulebook} is not packaged; the recorded limits were used"
            " (pass --rulebook FILE, e.g. from `revmech rulebook show CODE --json`, to check them)"
        )
        return None
    problems = limits_mismatch(config, _version(books, config.rulebook))
    return "; ".join(problems) or None


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="revmech lots", description="Drawing of lots (P&R paras 10, 11, 20-22)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    draw = commands.add_parser("draw", help="draw a whole phase")
    draw.add_argument("--world", required=True)
    draw.add_argument("--seed", required=True)
    draw.add_argument("--out", required=True)
    draw.add_argument("--protocol")
    draw.add_argument("--rulebook", help="a rulebook file (revmech.rulebook.v1)")
    draw.add_argument("--version", help="the version of the rulebook to draw under")
    draw.add_argument(
        "--exception",
        nargs=3,
        action="append",
        default=[],
        metavar=("INSTRUMENT", "ALLOWED_BY", "REASON"),
        help="an exception recorded by the meeting (P&R para 20)",
    )
    check = commands.add_parser("verify", help="replay a protocol")
    check.add_argument("protocol")
    check.add_argument("--rulebook", help="the rulebook file holding the version it names")
    check.add_argument("--explain", action="store_true", help="print the full trace")
    fair = commands.add_parser("fairness", help="frequencies and distance from uniform")
    fair.add_argument("--runs", type=int, required=True)
    fair.add_argument("--world")
    commit = commands.add_parser("commit", help="the commitment of a secret")
    commit.add_argument("secret")
    seed = commands.add_parser("seed", help="combine revealed secrets or digits into the seed")
    seed.add_argument("--commitments", help="JSON: participant -> published SHA-256")
    seed.add_argument("--reveals", help="JSON: participant -> revealed secret")
    seed.add_argument("--digits", help="digits drawn in the room")
    try:
        args = parser.parse_args(argv)
        if args.command == "draw":
            book = _version(_rulebooks(args.rulebook), args.version)
            meeting = Meeting.open(_world(args.world), args.seed, config_from_rulebook(book))
            meeting.draw_all()
            for instrument, allowed_by, reason in args.exception:
                meeting.record_exception(
                    instrument=instrument, reason=reason, allowed_by=allowed_by
                )
                meeting.draw_all()
            for blocked in meeting.blocked_report():
                if blocked["exception"] is None:
                    hint = (
                        " The meeting may allow it: --exception INSTRUMENT ALLOWED_BY REASON."
                        if blocked["exception_possible"]
                        else ""
                    )
                    print(
                        f"set aside: {blocked['instrument']}: {blocked['message']}{hint}",
                        file=sys.stderr,
                    )
            outputs = [(Path(args.out), meeting.assignment())]
            if args.protocol:
                outputs.append((Path(args.protocol), meeting.protocol()))
            for path, _ in outputs:
                if not path.parent.is_dir() and str(path.parent):
                    raise _UsageError(f"the folder of {path} does not exist")
            for path, data in outputs:
                _write_atomically(path, data)
            return 0
        if args.command == "verify":
            protocol = _read_json(args.protocol)
            trace: list[dict[str, Any]] | None = [] if args.explain else None
            result = verify(protocol, trace=trace)
            for entry in trace or []:
                print(json.dumps(entry, ensure_ascii=False, sort_keys=True))
            if not result.is_valid:
                print(f"invalid: {result.first_difference}", file=sys.stderr)
                return 1
            problem = _check_limits(protocol, args.rulebook)
            if problem:
                print(f"invalid: {problem}", file=sys.stderr)
                return 1
            config = DrawConfig.from_json(protocol["inputs"]["config"])
            print(
                "valid: the protocol replays identically under rulebook"
                f" {config.rulebook or '(none recorded)'}: {config.redraws_per_party} redraws per"
                f" party, {config.min_reviews} to {config.max_reviews} reviews per State"
            )
            return 0
        if args.command == "commit":
            print(commitment(args.secret))
            return 0
        if args.command == "seed":
            if args.digits is not None:
                print(seed_from_digits(args.digits))
                return 0
            if not (args.commitments and args.reveals):
                raise _UsageError("give --digits, or both --commitments and --reveals")
            print(seed_from_reveals(_read_json(args.commitments), _read_json(args.reveals)))
            return 0
        if args.runs < 1:
            raise _UsageError("--runs must be at least 1")
        world = _world(args.world) if args.world else None
        for line in report(world, args.runs):
            print(line)
        return 0
    except _UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except RuleViolation as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
