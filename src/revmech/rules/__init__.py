"""The procedures and rules (P&R) as pure Python: no Django, no database, no clock, no `random`."""

from collections.abc import Mapping


def gettext_noop(s: str) -> str:
    """Mark a message template for translation without translating it (Django's makemessages
    extracts the keyword `gettext_noop`); the platform translates it when it shows it."""
    return s


class RuleViolation(ValueError):
    """An input or a request that the procedures and rules do not allow.

    `rule` names the rule broken (for example ``"P&R para 20"``) and `message` says what is
    wrong in a sentence that names the States, files or fields concerned. When `template` is
    given (an English sentence with ``%(name)s`` placeholders, marked with `gettext_noop`),
    `message` is ``template % params`` and the platform shows ``gettext(template) % params``.
    """

    def __init__(
        self,
        message: str = "",
        *,
        rule: str = "",
        subjects: tuple[str, ...] = (),
        template: str = "",
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.template = template
        self.params: dict[str, object] = dict(params or {})
        if template:
            message = template % self.params
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.subjects = subjects
