"""The `revmech lots` command line: draw, verify, fairness, and its errors (P&R para 20)."""

import json

from revmech.rules.lots.cli import main
from revmech.rules.lots.world import Deferral, StateEntry, World, world_to_json


def _world_file(tmp_path, *, single=False):
    states = [StateEntry(f"A{i}", "African", "civil law", ("UNTOC",)) for i in range(6)]
    count = 1 if single else 5
    states += [StateEntry(f"B{i}", "Asia-Pacific", "common law", ("UNTOC",)) for i in range(count)]
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
    year["drawn"] = next(y for y in year["completable"] if y != year["drawn"])
    protocol.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["verify", str(protocol)]) == 1
    assert f"Event {year['n']} (year {year['state']})" in capsys.readouterr().err


def test_an_infeasible_world_exits_two_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "a.json"
    code = main(
        [
            "draw",
            "--world",
            str(_world_file(tmp_path, single=True)),
            "--seed",
            "1",
            "--out",
            str(out),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "B0 is the only party to UNTOC" in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["world.json"]


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
    states = [line.split()[1] for line in lines[1:-1]]
    assert states == sorted(states)
    assert "total variation" in lines[-1]
