"""The procedures and rules (P&R) as pure Python: no Django, no database, no clock, no `random`."""


class RuleViolation(ValueError):
    """An input or a request that the procedures and rules do not allow.

    `rule` names the rule broken (for example ``"P&R para 20"``) and `message` says what is
    wrong in a sentence that names the States, files or fields concerned.
    """

    def __init__(self, message: str, *, rule: str = "", subjects: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.subjects = subjects
