"""Chat with the bot in a terminal: the same Application, handlers and content, no network.

Messages the bot sends are printed as plain text; their buttons become numbered choices. Type a
number to press a button, or type a command or a message as you would in Telegram.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
from collections.abc import Awaitable, Callable

from bot.app import build_application, running
from bot.context import Services
from bot.offline import BotApiState, Call, OfflineRequest

CONSOLE_CHAT_ID = 424242
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)

BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"


def to_terminal(text: str, colour: bool = True) -> str:
    """Turn the bot's HTML into terminal text: links shown with their address, bold kept."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    if colour:
        text = text.replace("<b>", BOLD).replace("</b>", RESET).replace("<i>", DIM).replace("</i>", RESET)
    return html.unescape(_TAG.sub("", text))


class Console:
    """Holds the conversation: prints what the bot sends and turns input into updates."""

    def __init__(self, services: Services, write: Callable[[str], None] = print, colour: bool = True):
        self.state = BotApiState(on_call=self._on_call)
        self.write = write
        self.colour = colour
        self.choices: list[tuple[str, str, int]] = []  # (label, callback data, message id)
        self.application = build_application(services, request=OfflineRequest(self.state))
        self._idle = asyncio.Event()

    def _on_call(self, call: Call) -> None:
        if call.method not in ("sendMessage", "sendPhoto", "sendDocument", "editMessageText"):
            return
        if call.method == "sendPhoto":
            self.write(f"[picture] {to_terminal(call.text, self.colour)}")
        elif call.method == "sendDocument":
            self.write(f"[file] {to_terminal(call.text, self.colour)}")
        else:
            self.write(to_terminal(call.text, self.colour))
        buttons = call.buttons()
        if buttons:
            message_id = max((mid for (cid, mid) in self.state.messages if cid == call.chat_id), default=0)
            self.choices = [(label, data, message_id) for label, data in buttons]
            for n, (label, data, _) in enumerate(self.choices, 1):
                shown = label if not data.startswith("http") else f"{label} (opens {data})"
                self.write(f"  [{n}] {shown}")
        self.write("")

    def submit(self, line: str) -> bool:
        """Queue what the person typed; returns False when they asked to quit."""
        line = line.strip()
        if line.lower() in ("/quit", "/exit", "quit", "exit"):
            return False
        if not line:
            return True
        if line.isdigit() and 1 <= int(line) <= len(self.choices):
            label, data, message_id = self.choices[int(line) - 1]
            self.write(f"{DIM if self.colour else ''}> pressed “{label}”{RESET if self.colour else ''}")
            if data.startswith("http"):
                self.write(f"(that button opens {data})\n")
            else:
                self.state.press(CONSOLE_CHAT_ID, data, message_id=message_id)
        else:
            self.state.message(CONSOLE_CHAT_ID, line)
        return True

    async def settle(self, quiet: float = 0.15, limit: float = 10.0) -> None:
        """Wait until the bot has stopped sending for ``quiet`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        seen = -1
        while loop.time() < deadline:
            if len(self.state.calls) == seen and self.state.idle:
                return
            seen = len(self.state.calls)
            await asyncio.sleep(quiet)


async def run_console(services: Services, read: Callable[[str], Awaitable[str | None]] | None = None,
                      write: Callable[[str], None] = print, colour: bool | None = None) -> None:
    """Run the console until the person types /quit or input ends."""
    if colour is None:
        colour = sys.stdout.isatty()
    console = Console(services, write=write, colour=colour)

    async def read_stdin(prompt: str) -> str | None:
        try:
            return await asyncio.to_thread(input, prompt)
        except EOFError:
            return None

    reader = read or read_stdin
    write("Rootwise console — offline. Type a command (/start, /help), a message, or a number to press "
          "a button. /quit to leave.\n")
    async with running(console.application, timeout=1):
        console.submit("/start")
        await console.settle()
        while True:
            line = await reader("you> ")
            if line is None or not console.submit(line):
                break
            await console.settle()
