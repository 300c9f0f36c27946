"""Chat with the bot in a terminal: the same Application, handlers and content, no network.

Messages the bot sends are printed as plain text, one after another with a rule between them.
Each message with buttons gets a letter (A, B, … Z, AA, AB …) and its buttons a key under it:
``[B1] Symptoms``, ``[B2] Causes``; a button whose label is a number has that number as its
key (``[C5] 5`` on the pain scale). Type a key to press the button, on any message still shown,
or just the number for the newest message's buttons: typing ``5`` under the pain scale records 5.
What Telegram shows as a toast after a press ("Pain 5/10 noted") is printed as a notice, and
files the bot sends (``/mydata``, pictures) are saved under a folder whose path is printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import re
import string
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from telegram import Update

from bot.app import TrackedApplication, build_application, running
from bot.context import Services
from bot.i18n import N_, gettext_for
from bot.offline import BotApiState, Call, OfflineRequest

CONSOLE_CHAT_ID = 424242
#: The console's own database unless DATABASE_URL says otherwise: a real run's stays untouched.
CONSOLE_DATABASE_URL = "sqlite+aiosqlite:///./data/console.db"
#: Where files the bot sends are saved.
CONSOLE_FILES = Path("data") / "console-files"
RULE = "─" * 48
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)
_KEY = re.compile(r"([A-Za-z]*)(\d+)")
_SHOWN = {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageCaption"}
#: How much of a text file is printed in the terminal (all of it is saved).
_FILE_LINES = 40

BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"


def to_terminal(text: str, colour: bool = True) -> str:
    """Turn the bot's HTML into terminal text: links shown with their address, bold kept."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    if colour:
        text = text.replace("<b>", BOLD).replace("</b>", RESET).replace("<i>", DIM).replace("</i>", RESET)
    return html.unescape(_TAG.sub("", text))


def letters(n: int) -> str:
    """The n-th message letter (0 -> A, 25 -> Z, 26 -> AA …)."""
    name = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = string.ascii_uppercase[rest] + name
    return name


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # callback data, or the URL of a link button
    message_id: int


def button_keys(rows: list[list[tuple[str, str]]]) -> list[list[str]]:
    """The key of each button of one message: its label when that is a number, else 1, 2, 3 … skipping those."""
    numbers = {label.strip() for row in rows for label, _ in row if label.strip().isdigit()}
    counter = (str(n) for n in range(1, 10_000) if str(n) not in numbers)
    return [[label.strip() if label.strip().isdigit() else next(counter) for label, _ in row] for row in rows]


INTRO = N_(
    "Rootwise console — offline. Type a command (/start, /help) or a message. Buttons are listed "
    "under their message as [A1], [A2] …: type that key to press one, or just its number for the "
    "newest message's buttons. /quit to leave."
)


class Console:
    """Holds the conversation: prints what the bot sends and turns input into updates."""

    def __init__(
        self,
        services: Services,
        write: Callable[[str], None] = print,
        colour: bool = True,
        files: Path = CONSOLE_FILES,
        language: str = "en",
    ):
        self.state = BotApiState(on_call=self._on_call)
        self.language = language  # the Telegram language_code the person's messages carry
        self.write = write
        self.colour = colour
        self.files = files
        self.letters: dict[int, str] = {}  # message id -> its letter
        self.buttons: dict[str, dict[str, Button]] = {}  # letter -> key -> button
        self.newest: str | None = None  # the letter of the message whose buttons were shown last
        application = build_application(services, request=OfflineRequest(self.state))
        assert isinstance(application, TrackedApplication)  # it can say when it has finished its work
        self.application = application

    # ---- what the bot sends --------------------------------------------------------------

    def _on_call(self, call: Call) -> None:
        if call.result is None or call.chat_id not in (None, CONSOLE_CHAT_ID):
            return  # refused by the Bot API (Telegram would show nothing), or another chat
        if call.method == "answerCallbackQuery":
            if text := call.params.get("text"):
                alert = call.params.get("show_alert") in (True, "true", "True")
                self._dim(f"[{'alert' if alert else 'notice'}] {text}")
        elif call.method in _SHOWN:
            self._show(call)
        elif call.method == "editMessageReplyMarkup":
            message_id = int(call.params["message_id"])
            self._dim(f"({self._name(message_id)}: its buttons changed)")
            self._buttons(message_id, call.buttons_by_row(), edited=True)
            self.write(RULE)
        elif call.method == "deleteMessage":
            self._forget(int(call.params.get("message_id", 0)))

    def _show(self, call: Call) -> None:
        edited = call.method.startswith("edit")
        message_id = int(call.params["message_id"]) if edited else int((call.result or {}).get("message_id", 0))
        text = to_terminal(call.text, self.colour)
        if edited:
            self._dim(f"({self._name(message_id)}, changed to:)")
        if call.method == "sendPhoto":
            self.write(f"[picture{self._save(call, 'photo', 'picture.png')}] {text}".rstrip())
        elif call.method == "sendDocument":
            self.write(f"[file{self._save(call, 'document', 'file')}] {text}".rstrip())
            self._print_text_file(call)
        else:
            self.write(text)
        self._buttons(message_id, call.buttons_by_row(), edited=edited)
        self.write(RULE)

    def _buttons(self, message_id: int, rows: list[list[tuple[str, str]]], edited: bool = False) -> None:
        self._forget(message_id)
        if not rows:
            if edited:
                self._dim("(its buttons are gone)")
            return
        letter = self.letters.setdefault(message_id, letters(len(self.letters)))
        shown = self.buttons[letter] = {}
        for row, keys in zip(rows, button_keys(rows), strict=True):
            cells = []
            for (label, data), key in zip(row, keys, strict=True):
                shown[key] = Button(label, data, message_id)
                cells.append(f"[{letter}{key}] {label}" + (f" (opens {data})" if data.startswith("http") else ""))
            self.write("  " + "   ".join(cells))
        self.newest = letter

    def _name(self, message_id: int) -> str:
        letter = self.letters.get(message_id)
        return f"message {letter}" if letter else "an earlier message"

    def _forget(self, message_id: int) -> None:
        letter = self.letters.get(message_id)
        if letter is not None:
            self.buttons.pop(letter, None)
            if self.newest == letter:
                self.newest = None

    def _save(self, call: Call, part: str, default_name: str) -> str:
        """Save the uploaded file of ``part``; ' saved to PATH', or '' when it was sent by id or URL."""
        name, content = call.files.get(part) or next(iter(call.files.values()), (None, None))
        if content is None:
            return ""
        self.files.mkdir(parents=True, exist_ok=True)
        path = self.files / Path(name or default_name).name
        if path.exists():  # keep earlier files: report.json, report-2.json …
            n = 2
            while (candidate := path.with_stem(f"{path.stem}-{n}")).exists():
                n += 1
            path = candidate
        path.write_bytes(content)
        return f" saved to {path}"

    def _print_text_file(self, call: Call) -> None:
        for _name, content in call.files.values():
            try:
                lines = content.decode("utf-8").splitlines()
            except UnicodeDecodeError:
                return
            for line in lines[:_FILE_LINES]:
                self.write(f"  | {line}")
            if len(lines) > _FILE_LINES:
                self._dim(f"  | … {len(lines) - _FILE_LINES} more lines in the file")

    def _dim(self, text: str) -> None:
        self.write(f"{DIM}{text}{RESET}" if self.colour else text)

    # ---- what the person types -------------------------------------------------------------

    def button(self, typed: str) -> Button | None:
        """The button a typed key names: ``B2`` (message B, key 2), or ``2`` (the newest buttons)."""
        match = _KEY.fullmatch(typed.strip())
        if not match:
            return None
        letter = match.group(1).upper() or self.newest
        if letter is None:
            return None
        return self.buttons.get(letter, {}).get(str(int(match.group(2))))

    def submit(self, line: str) -> bool:
        """Queue what the person typed; returns False when they asked to quit."""
        line = line.strip()
        if line.lower() in ("/quit", "/exit", "quit", "exit"):
            return False
        if not line:
            return True
        button = self.button(line)
        if button is None:
            self._hand_over(self.state.message(CONSOLE_CHAT_ID, line, language_code=self.language))
        elif button.data.startswith("http"):
            self.write(f"(that button opens {button.data})\n")
        else:
            self._dim(f"> pressed “{button.label}”")
            press = self.state.press(
                CONSOLE_CHAT_ID, button.data, message_id=button.message_id, language_code=self.language
            )
            self._hand_over(press)
        return True

    def _hand_over(self, update: dict) -> None:
        """Give the update to the application at once, as the webhook does (nothing polls)."""
        self.state.pending.remove(update)
        self.application.update_queue.put_nowait(Update.de_json(json.loads(json.dumps(update)), self.application.bot))

    async def settle(self, limit: float = 30.0) -> None:
        """Wait until the bot has handled every update given to it and finished what it started."""
        with contextlib.suppress(TimeoutError):  # a slow answer is printed when it comes
            await asyncio.wait_for(self.application.finished(), limit)


async def run_console(
    services: Services,
    read: Callable[[str], Awaitable[str | None]] | None = None,
    write: Callable[[str], None] = print,
    colour: bool | None = None,
    files: Path = CONSOLE_FILES,
    language: str = "en",
) -> None:
    """Run the console until the person types /quit or input ends, as a person whose Telegram is
    in ``language`` (``--lang es``: the bot answers in Spanish, as it would such a person)."""
    if colour is None:
        colour = sys.stdout.isatty()
    console = Console(services, write=write, colour=colour, files=files, language=language)

    async def read_stdin(prompt: str) -> str | None:
        try:
            return await asyncio.to_thread(input, prompt)
        except EOFError:
            return None

    reader = read or read_stdin
    write(gettext_for(language)(INTRO) + "\n")
    async with running(console.application, polling=False):
        console.submit("/start")
        await console.settle()
        while True:
            line = await reader("you> ")
            if line is None or not console.submit(line):
                break
            await console.settle()
