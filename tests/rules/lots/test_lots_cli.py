"""The `revmech lots` command line: draw, verify, fairness, and its errors (P&R para 20)."""

import json

from revmech.rules.lots.cli import main
from revmech.rules.lots.world import Deferral, StateEntry, World, world_to_json


def _world_file(tmp_path, *, single=False):
    states = [StateEntry(f"A{i}", "African", "civil law", ("UNTOC",)) for i in range(6)]
    count = 1 if single else 5
    states += [StateEntry(f"B{i}", "Asia-Pacific", "common law", ("UNTOC",)) for i in range(count)]
    if single:  # B0 alone in its group; a third group keeps the others completable
        states += [
            StateEntry(f"E{i}", "Eastern European", "civil law", ("UNTOC",)) for i in range(4)
        ]
    world = World(tuple(states), (Deferral("A0", "UNTOC"),), ("UNTOC",))
    path = tmp_path / "world.json"
    path.write_text(json.dumps(world_to_json(world)))
    return path


def test_draw_writes_the_assignment_and_a_protocol_that_verifies(tmp_path, capsys):
    out, protocol = tmp_path / "a.json", tmp_path / "p.json"
    code = main(
        [
            "draw",
            "--world",
            str(_world_file(tmp_path)),
            "--seed",
            "42",
            "--out",
            str(out),
            "--protocol",
            str(protocol),
        ]
    )
    assert code == 0
    assignment = json.loads(out.read_text())
    assert assignment["format"] == "revmech.assignment.v1"
    assert len(assignment["assignments"]) == 11
    assert main(["verify", str(protocol)]) == 0


def test_verify_of_a_tampered_protocol_exits_one_naming_the_event(tmp_path, capsys):
    protocol = tmp_path / "p.json"
    main(
        [
            "draw",
            "--world",
            str(_world_file(tmp_path)),
            "--seed",
            "7",
            "--out",
            str(tmp_path / "a.json"),
            "--protocol",
            str(protocol),
        ]
    )
    data = json.loads(protocol.read_text())
    year = next(e for e in data["events"] if e["type"] == "year")
    year["drawn"] = 1 if year["drawn"] != 1 else 2  # v4 records the choice only
    protocol.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["verify", str(protocol)]) == 1
    assert f"Event {year['n']} (year {year['state']})" in capsys.readouterr().err


def test_an_instrument_set_aside_is_named_and_drawn_with_an_exception(tmp_path, capsys):
    """P&R para 20: B0 alone in its group; v4 sets UNTOC aside instead of refusing the phase."""
    out, protocol = tmp_path / "a.json", tmp_path / "p.json"
    world = str(_world_file(tmp_path, single=True))
    code = main(["draw", "--world", world, "--seed", "1", "--out", str(out)])
    assert code == 0
    err = capsys.readouterr().err
    assert "B0 is the only party to UNTOC" in err
    assert "--exception" in err
    rows = json.loads(out.read_text())["assignments"]
    assert all(row["reviewers"] == [None, None] for row in rows)
    code = main(
        [
            "draw",
            "--world",
            world,
            "--seed",
            "1",
            "--out",
            str(out),
            "--protocol",
            str(protocol),
            "--exception",
            "UNTOC",
            "Chair of the working group",
            "B0 is the only party of its group",
        ]
    )
    assert code == 0
    rows = json.loads(out.read_text())["assignments"]
    b0 = next(row for row in rows if row["state_under_review"] == "B0")
    assert all(r is not None and r[0] in "AE" for r in b0["reviewers"])
    assert b0["reviewers"][0] != b0["reviewers"][1]
    events = json.loads(protocol.read_text())["events"]
    exception = next(e for e in events if e["type"] == "exception")
    assert exception["allowed_by"] == "Chair of the working group"
    assert exception["states"] == ["B0"]
    assert main(["verify", str(protocol)]) == 0


def test_an_exception_that_cannot_apply_exits_two_and_writes_nothing(tmp_path, capsys):
    """All parties in one group: set aside, and no exception is provided for it."""
    states = [StateEntry(f"A{i}", "African", "civil law", ("UNTOC",)) for i in range(4)]
    path = tmp_path / "world.json"
    path.write_text(json.dumps(world_to_json(World(tuple(states), (), ("UNTOC",)))))
    out = tmp_path / "a.json"
    args = ["draw", "--world", str(path), "--seed", "1", "--out", str(out)]
    assert main([*args, "--exception", "UNTOC", "Chair", "why"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "all its parties are in one regional group" in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["world.json"]
    assert main(args) == 0
    assert "every party to UNTOC" in capsys.readouterr().err


def test_a_missing_or_broken_world_exits_two(tmp_path, capsys):
    assert (
        main(
            [
                "draw",
                "--world",
                str(tmp_path / "none.json"),
                "--seed",
                "1",
                "--out",
                str(tmp_path / "a.json"),
            ]
        )
        == 2
    )
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert main(["draw", "--world", str(bad), "--seed", "1", "--out", str(tmp_path / "a")]) == 2
    assert main(["draw", "--seed", "1"]) == 2
    assert not (tmp_path / "a.json").exists()


def test_fairness_prints_frequencies_in_code_order(tmp_path, capsys):
    assert main(["fairness", "--runs", "3", "--world", str(_world_file(tmp_path))]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines[1:] if " world" not in line]
    states = [line.split()[1] for line in rows]
    assert states == sorted(states)
    assert any("small world: 288 target draws; exact distance" in line for line in lines)
    assert any("legal world, revmech.lots.v4: total variation" in line for line in lines)
