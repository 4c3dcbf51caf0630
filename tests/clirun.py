"""`ticker ARGS` in this process through click's CliRunner, exit codes mapped as the installed command maps them."""

from __future__ import annotations

import os
from collections.abc import Mapping

import click
from click.testing import CliRunner, Result

from ticker.cli import main


@click.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def console_script(args: tuple[str, ...]) -> None:
    """The `ticker` entry point (ticker.cli:main), which turns each TickerError into its exit code."""
    main(args)


def run_ticker(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
    """Run `ticker ARGS`; no TICKER_* variable of the outer environment leaks in.

    An exception main() does not map escapes (the installed command would exit 1 with a traceback).
    """
    outer = {name: None for name in os.environ if name.startswith("TICKER_")}
    return CliRunner().invoke(
        console_script, list(args), env={**outer, **(env or {})}, catch_exceptions=False
    )
