"""One dispatcher for every feature: a button by its kind, a typed answer by the waiting flow's step.

Each feature module declares a :class:`Feature`: its own python-telegram-bot handlers (commands and
the like), its buttons (``{Kind: handler}``), its typed flows (a :class:`Flow` of named steps) and
what it does once the privacy notice is agreed to. ``bot/handlers/__init__.py`` lists the features
in one place; :class:`Registry` joins them and refuses a kind, flow or continuation claimed twice.

Where a flow stands is kept in the database's flows table (with an expiry), never in the process,
so the next message may reach any replica: ``{"flow": name, "step": step, ...its data}``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field

from telegram import Location, Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot import keyboards
from bot.context import Ctx
from bot.handlers.common import get_pending, is_private, language_of, send
from bot.i18n import N_, gettext_for
from bot.keyboards import Kind
from bot.logs import chat_ref, keyed_hash

log = logging.getLogger(__name__)

EXPIRED = N_("This menu has expired. Here is a fresh one.")

#: A button's handler: (update, context, its checked arguments) -> False when the press is stale
#: (what it names is gone or not this chat's): then the person gets a fresh menu.
ButtonHandler = Callable[[Update, Ctx, tuple[str, ...]], Awaitable[bool]]
#: What to do after the privacy notice is agreed to: (update, context, the button's argument).
Continuation = Callable[[Update, Ctx, str], Awaitable[None]]


@dataclass(frozen=True)
class Answer:
    """A typed answer to a waiting flow: its stored state, the text (stripped; "" for a shared
    location) or the location, and the slot the state is kept in."""

    state: dict
    text: str
    location: Location | None = None
    slot: str = ""


#: A step's handler: it takes the answer, and moves the flow on, ends it or asks again.
StepHandler = Callable[[Update, Ctx, Answer], Awaitable[None]]


@dataclass(frozen=True)
class Flow:
    """A typed flow: its name, its steps (step name -> handler) and which steps take a shared location."""

    name: str
    steps: Mapping[str, StepHandler]
    located: frozenset[str] = frozenset()

    async def ask(
        self, context: Ctx, chat_id: int, step: str, *, slot: str = "", ttl: dt.timedelta | None = None, **data
    ) -> None:
        """Wait for a typed answer at ``step``; this replaces any other flow of the chat (and slot)."""
        if step not in self.steps:
            raise KeyError(f"flow {self.name!r} has no step {step!r}")
        extra = {"ttl": ttl} if ttl is not None else {}
        await context.store.flows.set_flow(
            chat_id, {"flow": self.name, "step": step, **data}, context.now(), slot=slot, **extra
        )

    def waits_at(self, state: dict | None, step: str, slot: str = "") -> bool:
        """Whether a stored state is this flow waiting at ``step``."""
        return state is not None and flow_step(slot, state) == (self.name, step)


def prompt_slot(message_id: int) -> str:
    """The slot of a flow waiting for a reply to one message (a forced reply in a group)."""
    return f"prompt:{message_id}"


@dataclass(frozen=True)
class Feature:
    """What one feature module adds to the bot."""

    name: str
    handlers: Sequence[BaseHandler] = ()  # commands and other updates, in the main group
    buttons: Mapping[Kind, ButtonHandler] = field(default_factory=dict)
    flows: Sequence[Flow] = ()
    after_consent: Mapping[str, Continuation] = field(default_factory=dict)
    before_flows: Sequence[BaseHandler] = ()  # messages no waiting flow may take ("stop")


#: Flow states written before flows had names (they live an hour): step -> (flow, step).
LEGACY_STEPS = {
    "time": ("remind", "time"),
    "zone": ("remind", "zone"),
    "retime": ("remind", "retime"),
    "rx_time": ("prescribe", "time"),
    "rx_name": ("prescribe", "name"),
    "rx_zone": ("patient", "zone"),
    "oc_goal": ("checkin", "goal"),
}
LEGACY_PROMPT_FLOW = "settings"  # a forced reply's state before flows had names


def flow_step(slot: str, state: dict) -> tuple[str, str]:
    """(flow, step) of a stored state, states from before flows had names included."""
    step = str(state.get("step", ""))
    if "flow" in state:
        return str(state["flow"]), step
    return (LEGACY_PROMPT_FLOW, step) if slot else LEGACY_STEPS.get(step, ("", step))


class DuplicateError(ValueError):
    """Two features claim one button kind, flow or continuation."""


class Registry:
    """Every feature's buttons, flows and continuations, each claimed once."""

    def __init__(self, features: Sequence[Feature], *, complete: bool = True):
        self.features = tuple(features)
        self.buttons: dict[str, tuple[Kind, ButtonHandler]] = {}
        self.flows: dict[str, Flow] = {}
        self.continuations: dict[str, Continuation] = {}
        owners: dict[str, str] = {}
        for feature in self.features:
            for kind, handler in feature.buttons.items():
                self._claim(owners, f"button {kind.name} ({kind.code!r})", kind.code, feature.name)
                self.buttons[kind.code] = (kind, handler)
            for flow in feature.flows:
                self._claim(owners, f"flow {flow.name!r}", f"flow:{flow.name}", feature.name)
                self.flows[flow.name] = flow
            for name, continuation in feature.after_consent.items():
                self._claim(owners, f"continuation {name!r}", f"then:{name}", feature.name)
                self.continuations[name] = continuation
        unhandled = sorted(set(keyboards.KINDS) - set(self.buttons))
        if complete and unhandled:
            raise ValueError(f"no handler for the button kinds {unhandled}")
        unreachable = sorted(name for name in self.continuations if not _agree_names(name))
        if unreachable:
            raise ValueError(f"the I agree button cannot name the continuations {unreachable} (Privacy.AGREE's fields)")

    @staticmethod
    def _claim(owners: dict[str, str], what: str, key: str, feature: str) -> None:
        if key in owners:
            raise DuplicateError(f"{what} is claimed by both {owners[key]} and {feature}")
        owners[key] = feature

    # -- the handlers to register ---------------------------------------------------------------

    def before_flows(self) -> list[BaseHandler]:
        return [handler for feature in self.features for handler in feature.before_flows]

    def typed_handler(self) -> BaseHandler:
        """Typed answers: any private text or location, and a text reply (not a command) in any chat."""
        private = filters.ChatType.PRIVATE & (filters.TEXT | filters.LOCATION)
        reply = filters.UpdateType.MESSAGE & filters.REPLY & filters.TEXT & ~filters.COMMAND
        return MessageHandler(private | reply, self.on_typed)

    def handlers(self) -> list[BaseHandler]:
        """Every feature's own handlers, in the features' order, then the buttons."""
        own = [handler for feature in self.features for handler in feature.handlers]
        return [*own, CallbackQueryHandler(self.on_button)]

    # -- buttons --------------------------------------------------------------------------------

    async def on_button(self, update: Update, context: Ctx) -> None:
        """Route a press by its kind; unknown, stale or forged data gets a fresh menu."""
        press = keyboards.parse(update.callback_query.data)
        entry = self.buttons.get(press.kind) if press is not None else None
        if press is None or entry is None or update.effective_chat is None:
            await expired(update, context)
            return
        kind, handler = entry
        if kind.counted and not await _first_press(update, context):
            await update.callback_query.answer("Already noted")
            return
        if not await handler(update, context, press.args):
            await expired(update, context)

    # -- typed answers --------------------------------------------------------------------------

    async def on_typed(self, update: Update, context: Ctx) -> None:
        """Give a typed answer to the step its flow waits at; anything else goes on to the other handlers."""
        message = update.effective_message
        if message is None or update.effective_chat is None:
            return
        text = (message.text or "").strip()
        if message.location is None and (not text or text.startswith("/")):
            return  # commands go on as usual, without reading the flow (a new command abandons nothing stored)
        waiting = await self._waiting(update, context)
        if waiting is None:
            return
        slot, state = waiting
        flow, step = self._step(slot, state)
        handler = flow.steps.get(step) if flow is not None else None
        if handler is None:
            return
        if message.location is not None:
            if step not in flow.located:
                return
            answer = Answer(state, "", message.location, slot)
        else:
            answer = Answer(state, text, None, slot)
        await handler(update, context, answer)
        raise ApplicationHandlerStop

    async def _waiting(self, update: Update, context: Ctx) -> tuple[str, dict] | None:
        """(slot, state) of the flow this message answers: a reply to one of the bot's prompts, else
        (in a private chat) the chat's one flow."""
        message, chat_id = update.effective_message, update.effective_chat.id
        reply = message.reply_to_message
        if (
            update.message is not None
            and reply is not None
            and reply.from_user is not None
            and reply.from_user.id == context.bot.id
            and message.text
        ):
            slot = prompt_slot(reply.message_id)
            try:
                state = await context.store.flows.get_flow(chat_id, context.now(), slot)
            except Exception:  # noqa: BLE001 - the message is answered by the other handlers
                log.warning("could not read the prompt of chat %s", chat_ref(chat_id), exc_info=True)
                state = None
            if state is not None:
                return slot, state
        if not is_private(update):
            return None
        state = await get_pending(context, chat_id)
        return ("", state) if state is not None else None

    def _step(self, slot: str, state: dict) -> tuple[Flow | None, str]:
        name, step = flow_step(slot, state)
        return self.flows.get(name), step


def _agree_names(name: str) -> bool:
    """Whether an "I agree" button may carry ``name`` as what to do next."""
    return any(shape and shape[0](name) for shape in keyboards.Privacy.AGREE.shapes)


def registry_of(context: Ctx) -> Registry:
    """The registry the application was built with."""
    return context.application.bot_data[REGISTRY]


REGISTRY = "registry"


async def expired(update: Update, context: Ctx) -> None:
    """Answer a stale or forged press: the menu has expired, here is a fresh one."""
    language = await language_of(update, context)
    _ = gettext_for(language)
    await update.callback_query.answer(_(EXPIRED))
    await send(update, context, [_(EXPIRED)], keyboards.main_menu(language))


async def _first_press(update: Update, context: Ctx) -> bool:
    """Whether this is the first press of this button of this message: a vote, Done, a pain or
    how-it-felt answer counts once, however often it is pressed or its update delivered, on
    whichever replica."""
    query = update.callback_query
    where = f"m{query.message.message_id}" if query.message is not None else f"q{query.id}"
    key = keyed_hash(f"press|{update.effective_chat.id}|{where}|{query.data}")
    return await context.store.presses.first_press(key, context.now())
