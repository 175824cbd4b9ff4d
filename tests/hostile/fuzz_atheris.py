"""Coverage-guided fuzzing of the YAML loader and the Markdown escaper with atheris.

Run from the repository root (CI does, for a bounded time):
    python -m tests.hostile.fuzz_atheris -runs=300000 -max_total_time=60 -seed=1
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["jdgen", "yaml", "markdown_it"]):
    from .fuzz_targets import fuzz_markdown_escape, fuzz_yaml


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    if provider.ConsumeBool():
        fuzz_yaml(provider.ConsumeBytes(provider.remaining_bytes()))
    else:
        fuzz_markdown_escape(provider.ConsumeUnicodeNoSurrogates(provider.remaining_bytes()))


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
