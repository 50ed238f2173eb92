"""Usage errors in the product's words, not the validation library's.

Typer checks option and argument values with pydantic, whose messages leak through
("Invalid value for 'ID': Input should be a valid integer, unable to parse string as an
integer", "Value error, 'x' is not one of …"). The root command group rewrites them into
one line that names the option: "ID must be a whole number", "--by: 'x' is not one of
touchpoint, segment, …". They stay usage errors: exit status 2.
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.core import TyperGroup

_WHOLE = re.compile(r"^Input should be a valid integer")
_NUMBER = re.compile(r"^Input should be a valid (number|decimal)")
_BOUND = re.compile(
    r"^Input should be (greater than or equal to|less than or equal to|greater than|less than)"
    r" (\S+)$"
)
_BOUND_WORDS = {
    "greater than or equal to": "at least",
    "less than or equal to": "at most",
    "greater than": "more than",
    "less than": "less than",
}
_CHOICE = re.compile(r"^(?:Value error, )?(.*) is not one of (.*?)\.?$")


class ProductUsageError(typer.BadParameter):
    """A usage error whose message is already the whole line (exit status 2)."""

    def format_message(self) -> str:
        return self.message


def _name(error: typer.BadParameter) -> str:
    """The option as typed (--limit) or the argument's name (ID)."""
    param: Any = error.param
    if param is None:
        return "a value"
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    if opts and getattr(param, "param_type_name", "") == "option":
        return str(opts[0])
    metavar = getattr(param, "metavar", None)
    name = str(metavar or getattr(param, "name", None) or "value")
    return name.strip("[].").upper()


def product_words(error: typer.BadParameter) -> str:
    """The line to show for a bad value, naming the option or argument."""
    name = _name(error)
    message = str(error.message).strip()
    if _WHOLE.match(message):
        return f"{name} must be a whole number"
    if _NUMBER.match(message):
        return f"{name} must be a number"
    bound = _BOUND.match(message)
    if bound:
        return f"{name} must be {_BOUND_WORDS[bound.group(1)]} {bound.group(2)}"
    choice = _CHOICE.match(message)
    if choice:
        options = ", ".join(o.strip().strip("'\"") for o in choice.group(2).split(","))
        return f"{name}: {choice.group(1)} is not one of {options}"
    message = message.removeprefix("Value error, ").removeprefix("Input should be ")
    return f"{name}: {message.rstrip('.')}"


class ProductGroup(TyperGroup):
    """The root command group: bad values are said in the product's words."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except typer.BadParameter as error:
            raise _reworded(error) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.BadParameter as error:
            raise _reworded(error) from None


def _reworded(error: typer.BadParameter) -> typer.BadParameter:
    # Only a bad value: a missing argument or option (a subclass) is said clearly already.
    if type(error) is not typer.BadParameter:
        return error
    return ProductUsageError(product_words(error), ctx=error.ctx)
