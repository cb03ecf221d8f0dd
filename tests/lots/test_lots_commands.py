"""`revmech lots export-world` and the `revmech` wrapper around the database-free lots commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from revmech.registry import models as registry
from revmech.rules import lots as lot_rules
from revmech.site.cli import main as revmech

pytestmark = pytest.mark.django_db


def test_export_world_writes_every_party_in_the_world_format(
    reference_data: None, tmp_path: Path
) -> None:
    out = tmp_path / "world.json"
    call_command("lots", "export-world", "--out", str(out), "--defer", "fra:untoc")
    data = json.loads(out.read_text("utf-8"))
    world = lot_rules.world_from_json(data)
    parties = set(
        registry.Participation.objects.filter(status="party").values_list("state__code", flat=True)
    )
    assert {s.code for s in world.states} == parties
    assert [(d.state, d.instrument) for d in world.deferrals] == [("FRA", "UNTOC")]


def test_a_malformed_deferral_is_refused_and_no_file_is_written(
    reference_data: None, tmp_path: Path
) -> None:
    out = tmp_path / "world.json"
    with pytest.raises(CommandError, match="write STATE:INSTRUMENT"):
        call_command("lots", "export-world", "--out", str(out), "--defer", "FRA")
    assert not out.exists()


def test_the_exported_world_draws_and_verifies_through_the_revmech_command(
    reference_data: None, tmp_path: Path
) -> None:
    world, assignment, protocol = (tmp_path / n for n in ("w.json", "a.json", "p.json"))
    call_command("lots", "export-world", "--out", str(world))
    code = revmech(
        [
            "lots",
            "draw",
            "--world",
            str(world),
            "--seed",
            "s",
            "--out",
            str(assignment),
            "--protocol",
            str(protocol),
        ]
    )
    assert code == 0
    rows = json.loads(assignment.read_text("utf-8"))["assignments"]
    assert {r["instrument"] for r in rows} == {"UNTOC", "TIP", "SOM", "FIREARMS"}
    assert revmech(["lots", "verify", str(protocol)]) == 0
    tampered = json.loads(protocol.read_text("utf-8"))
    tampered["seed"] = "another seed"
    protocol.write_text(json.dumps(tampered), "utf-8")
    assert revmech(["lots", "verify", str(protocol)]) == 1


def test_a_seed_is_fixed_by_commitments_revealed_in_the_meeting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secrets = {"African": "baobab 1960", "Western European and others": "olive 1945"}
    commitments = {}
    for group, secret in secrets.items():
        assert revmech(["lots", "commit", secret]) == 0
        commitments[group] = capsys.readouterr().out.strip()
    assert commitments["African"] == lot_rules.commitment("baobab 1960")
    (tmp_path / "c.json").write_text(json.dumps(commitments), "utf-8")
    (tmp_path / "r.json").write_text(json.dumps(secrets), "utf-8")
    args = ["lots", "seed", "--commitments", str(tmp_path / "c.json")]
    assert revmech([*args, "--reveals", str(tmp_path / "r.json")]) == 0
    assert capsys.readouterr().out.strip() == lot_rules.seed_from_reveals(commitments, secrets)
    (tmp_path / "r.json").write_text(json.dumps({**secrets, "African": "not it"}), "utf-8")
    assert revmech([*args, "--reveals", str(tmp_path / "r.json")]) == 2
    assert "African" in capsys.readouterr().err
