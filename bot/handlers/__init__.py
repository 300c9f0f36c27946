"""Every feature of the bot, registered in one ordered list.

Each feature module declares a :class:`~bot.handlers.router.Feature` (its commands, its buttons by
kind, its typed flows, what it does after consent); :func:`register` joins them in one
:class:`~bot.handlers.router.Registry`, which refuses a button kind, flow or continuation claimed
twice, and adds their handlers to the application.
"""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers import (
    care,
    channels,
    clinician,
    community,
    consent,
    errors,
    fallback,
    groups,
    guard,
    info,
    language,
    outcomes,
    patient,
    prescriber,
    privacy,
    reminders,
    report,
    sessions,
    start,
    triage,
)
from bot.handlers.router import REGISTRY, Feature, Registry

#: Every feature, in the order its handlers are tried (the fallback last: what nobody else took).
FEATURES: list[Feature] = [
    start.FEATURE,
    language.FEATURE,
    info.FEATURE,
    triage.FEATURE,
    reminders.FEATURE,
    sessions.FEATURE,
    privacy.FEATURE,
    consent.FEATURE,
    care.FEATURE,
    outcomes.FEATURE,
    clinician.FEATURE,
    report.FEATURE,
    community.FEATURE,
    channels.FEATURE,
    prescriber.FEATURE,
    patient.FEATURE,
    groups.FEATURE,
    fallback.FEATURE,
]


def register(application: Application) -> Registry:
    """Add every handler, by group, and the error handler to ``application``; a lower group runs first."""
    registry = Registry(FEATURES)
    application.bot_data[REGISTRY] = registry
    application.add_handlers(guard.HANDLERS_RED_FLAGS, group=-3)  # red flags first, even for a user who is flooding
    application.add_handlers(guard.HANDLERS_FLOOD, group=-2)
    # A flow waiting for a typed answer takes it before the commands and the search ("stop" and
    # "start" go first: they drop a waiting flow and keep their meaning).
    application.add_handlers([*registry.before_flows(), registry.typed_handler()], group=-1)
    application.add_handlers(registry.handlers(), group=0)
    application.add_error_handler(errors.on_error)
    return registry
