"""The drawing of lots: review years, reviewing States, redraws, deferrals (P&R 10, 11, 18-22).

Public API (plain JSON-serialisable data in and out):

* worlds: `World`, `StateEntry`, `Deferral`, `world_from_json(data)`, `world_to_json(world)`,
  `world_from_reference(records, deferrals=())`, `WORKING_GROUPS` (instrument -> working groups);
* a meeting: `Meeting.open(world, seed, config=DrawConfig())` (raises `Infeasible` before any
  lot), `.draw_years()`, `.next_seat()`, `.candidates(seat)`, `.draw_seat()`, `.draw_all()`,
  `.request_redraw(...)`, `.request_deferral(...)`, `.protocol()`, `.assignment()`,
  `Meeting.replay(protocol)`; `draw_phase(world, seed, config)`; `verify(protocol)`;
* limits: `config_from_rulebook(book, **choices)` (the version in force, P&R para 6),
  `limits_mismatch(config, book)`;
* seeds: `LotStream`, `commitment`, `seed_from_reveals`, `seed_from_digits`.
"""

from revmech.rules.lots.engine import (
    ALGORITHM_VERSION,
    DrawConfig,
    Infeasible,
    Meeting,
    ReplayMismatch,
    SeatRef,
    Verification,
    draw_phase,
    verify,
)
from revmech.rules.lots.limits import config_from_rulebook, limits_mismatch
from revmech.rules.lots.stream import (
    LotStream,
    SeedError,
    commitment,
    seed_from_digits,
    seed_from_reveals,
)
from revmech.rules.lots.world import (
    WORKING_GROUPS,
    Deferral,
    StateEntry,
    World,
    WorldError,
    world_from_json,
    world_from_reference,
    world_to_json,
)

__all__ = [
    "ALGORITHM_VERSION",
    "WORKING_GROUPS",
    "Deferral",
    "DrawConfig",
    "Infeasible",
    "LotStream",
    "Meeting",
    "ReplayMismatch",
    "SeatRef",
    "SeedError",
    "StateEntry",
    "Verification",
    "World",
    "WorldError",
    "commitment",
    "config_from_rulebook",
    "draw_phase",
    "limits_mismatch",
    "seed_from_digits",
    "seed_from_reveals",
    "verify",
    "world_from_json",
    "world_from_reference",
    "world_to_json",
]
