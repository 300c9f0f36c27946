"""Shared by the content tests: the plain texts of a body of content blocks."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from content.loader import load_content
from content.schema import Block, Bullets, Heading, Signs, Steps


@functools.cache
def sign_texts() -> dict[str, tuple[str, str]]:
    """Red-flag sign id -> (level, text), as Signs blocks show them."""
    return load_content().signs


def block_texts(body: list[Block]) -> Iterator[str]:
    """Every text of ``body``: paragraphs, headings, list items, and signs in the rules' words."""
    for block in body:
        if isinstance(block, str):
            yield block
        elif isinstance(block, Heading):
            yield block.heading
        elif isinstance(block, Bullets):
            yield from block.bullets
        elif isinstance(block, Steps):
            yield from block.steps
        elif isinstance(block, Signs):
            yield from (sign_texts()[s][1] for s in block.signs)
