"""The draw's limits come from a rulebook version and are recorded with it (P&R paras 6, 20, 21)."""

import hashlib
import json
from dataclasses import replace

import pytest

from revmech.rules import RuleViolation
from revmech.rules.lots import DrawConfig, config_from_rulebook, draw_phase, limits_mismatch
from revmech.rules.lots.cli import main
from revmech.rules.lots.engine import canonical_json
from revmech.rules.lots.world import StateEntry, World, world_to_json
from revmech.rules.rulebook import Rule, default_rulebook, version_to_json


def _amended(code="2030-amended", **numbers):
    book = default_rulebook()
    rules = dict(book.rules)
    for name, value in numbers.items():
        rules[name] = replace(rules[name], value=value)
    return replace(book, code=code, is_default=False, rules=rules)


def _world():
    groups = (("A", "African"), ("B", "Asia-Pacific"), ("C", "Eastern European"))
    states = [
        StateEntry(f"{prefix}{i}", group, "civil law", ("UNTOC",))
        for prefix, group in groups
        for i in range(4)
    ]
    return World(tuple(states), (), ("UNTOC",))


def test_the_config_reads_the_limits_and_names_the_version():
    config = config_from_rulebook(
        _amended(redraws_per_party=1, reviews_per_state_max=2), avoid_mutual=False
    )
    assert (config.redraws_per_party, config.min_reviews, config.max_reviews) == (1, 1, 2)
    assert config.rulebook == "2030-amended"
    assert config.avoid_mutual is False


def test_the_default_version_gives_the_draft_numbers():
    config = config_from_rulebook(default_rulebook())
    assert (config.redraws_per_party, config.min_reviews, config.max_reviews) == (2, 1, 3)
    assert config.rulebook == "2017-draft"


@pytest.mark.parametrize(
    ("name", "value"),
    [("review_phase_years", 5), ("years_first_half", 3), ("reviewing_states_per_review", 3)],
)
def test_a_version_changing_what_the_algorithm_fixes_is_refused_by_name(name, value):
    with pytest.raises(RuleViolation, match=name):
        config_from_rulebook(_amended(**{name: value}))


def test_a_changed_share_of_the_first_half_is_refused():
    book = default_rulebook()
    rules = dict(book.rules)
    rules["share_reviewed_in_first_half"] = Rule(
        "share_reviewed_in_first_half", "ratio", 2, 10, denominator=3
    )
    with pytest.raises(RuleViolation, match="share_reviewed_in_first_half"):
        config_from_rulebook(replace(book, rules=rules))


def test_the_protocol_records_the_version_and_replays_under_its_limits():
    meeting = draw_phase(_world(), "7", config_from_rulebook(_amended(reviews_per_state_max=2)))
    protocol = meeting.protocol()
    assert protocol["inputs"]["config"]["rulebook"] == "2030-amended"
    assert protocol["inputs"]["config"]["max_reviews"] == 2
    config = DrawConfig.from_json(protocol["inputs"]["config"])
    assert limits_mismatch(config, _amended(reviews_per_state_max=2)) == []
    assert limits_mismatch(config, default_rulebook())  # other limits, other version


def test_a_protocol_without_a_version_keeps_its_inputs_digest():
    assert "rulebook" not in DrawConfig().to_json()


def _files(tmp_path, book):
    world = tmp_path / "world.json"
    world.write_text(json.dumps(world_to_json(_world())))
    rulebook = tmp_path / "rulebook.json"
    default = version_to_json(default_rulebook())
    rulebook.write_text(
        json.dumps({"format": "revmech.rulebook.v1", "versions": [default, version_to_json(book)]})
    )
    return world, rulebook


def test_verify_checks_the_limits_against_the_recorded_version(tmp_path, capsys):
    world, rulebook = _files(tmp_path, _amended(reviews_per_state_max=2))
    protocol = tmp_path / "p.json"
    args = ["draw", "--world", str(world), "--seed", "5", "--out", str(tmp_path / "a.json")]
    args += ["--protocol", str(protocol), "--rulebook", str(rulebook), "--version", "2030-amended"]
    assert main(args) == 0
    assert main(["verify", str(protocol), "--rulebook", str(rulebook)]) == 0
    assert "rulebook 2030-amended" in capsys.readouterr().out
    # The same protocol claiming other limits than its version's is refused, naming them.
    data = json.loads(protocol.read_text())
    data["inputs"]["config"]["rulebook"] = "2017-draft"
    data["inputs_sha256"] = hashlib.sha256(canonical_json(data["inputs"])).hexdigest()
    protocol.write_text(json.dumps(data))
    assert main(["verify", str(protocol), "--rulebook", str(rulebook)]) == 1
    assert "max_reviews is 2" in capsys.readouterr().err
