"""`eulerdoc rule`: explain a lint rule, or list them all."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eulerdoc.rules.registry import Rule


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", nargs="?", metavar="CODE", help="rule code or name, e.g. IMG001")
    parser.add_argument("--all", action="store_true", help="list every rule")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def _as_dict(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "summary": rule.summary_text(),
        "severity": rule.severity.value,
        "fixable": rule.fixable,
        "doc": rule.doc_text(),
    }


def _explain(rule: Rule) -> str:
    from eulerdoc.i18n import _

    fixable = _("yes: eulerdoc lint --fix corrects it") if rule.fixable else _("no")
    lines = [
        f"{rule.code} ({rule.name})",
        "",
        rule.summary_text(),
        "",
        _("Default severity: {severity}").format(severity=rule.severity.value),
        _("Fixable: {fixable}").format(fixable=fixable),
        "",
        rule.doc_text(),
    ]
    return "\n".join(lines).rstrip() + "\n"


def _table(rules: list[Rule]) -> str:
    if not rules:
        return ""
    code_width = max(len(r.code) for r in rules)
    name_width = max(len(r.name) for r in rules)
    return "".join(
        f"{r.code:<{code_width}}  {r.name:<{name_width}}  {'[*]' if r.fixable else '   '}  "
        f"{r.summary_text()}\n"
        for r in rules
    )


def run(args: argparse.Namespace) -> int:
    from eulerdoc.errors import UsageError
    from eulerdoc.i18n import _
    from eulerdoc.rules.registry import find_rule
    from eulerdoc.rules.runner import all_rules

    rules = all_rules()
    if args.all:
        if args.code:
            raise UsageError(_("give either a rule CODE or --all, not both"))
        listing = [r for _code, r in sorted(rules.items())]
        if args.format == "json":
            sys.stdout.write(
                json.dumps([_as_dict(r) for r in listing], ensure_ascii=False, indent=2) + "\n"
            )
        else:
            sys.stdout.write(_table(listing))
        return 0
    if not args.code:
        raise UsageError(_("give a rule CODE (for example IMG001), or --all to list every rule"))
    rule = find_rule(args.code)
    if rule is None:
        raise UsageError(
            _("unknown rule '{code}'; 'eulerdoc rule --all' lists every rule").format(
                code=args.code
            )
        )
    if args.format == "json":
        sys.stdout.write(json.dumps(_as_dict(rule), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(_explain(rule))
    return 0
