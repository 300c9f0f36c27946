"""The command menus Telegram shows: private chats' and groups', in each language."""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats

from bot.i18n import LANGUAGES, gettext_for
from safety.verdict import N_

PRIVATE_COMMANDS = [
    BotCommand("start", N_("Welcome and main menu")),
    BotCommand("topics", N_("Pick a condition to read about")),
    BotCommand("symptoms", N_("Symptoms of the current topic")),
    BotCommand("causes", N_("Causes of the current topic")),
    BotCommand("treatment", N_("Treatment of the current topic")),
    BotCommand("exercises", N_("Exercises that may help")),
    BotCommand("urgent", N_("When to get help now")),
    BotCommand("check", N_("A quick check for the warning signs of cauda equina")),
    BotCommand("usual", N_("Warning signs you noted as usual for you")),
    BotCommand("checkin", N_("Check-in: how your back affects everyday life")),
    BotCommand("report", N_("A one-page PDF for your next appointment")),
    BotCommand("about", N_("What this bot is, its sources and review date")),
    BotCommand("remind", N_("Set up a daily exercise reminder")),
    BotCommand("reminders", N_("See and change your reminders")),
    BotCommand("progress", N_("Your streak and a chart of the last 4 weeks")),
    BotCommand("stop", N_("Stop all reminders")),
    BotCommand("mydata", N_("Get everything stored about you")),
    BotCommand("forget", N_("Delete everything stored about you")),
    BotCommand("privacy", N_("What is stored about you, and why")),
    BotCommand("quiet", N_("Your quiet hours for reminders")),
    BotCommand("connect", N_("Connect a channel you run for daily posts")),
    BotCommand("channels", N_("See, pause or disconnect your channels")),
    BotCommand("prescribe", N_("Clinicians: make a programme link for a patient")),
    BotCommand("prescriptions", N_("Clinicians: your programme links and their counts")),
    BotCommand("language", N_("Choose your language")),
    BotCommand("help", N_("How to use the bot")),
]


def commands_in(commands: list[BotCommand], language: str) -> list[BotCommand]:
    """The command menu with its descriptions in ``language``."""
    _ = gettext_for(language)
    return [BotCommand(c.command, _(c.description)) for c in commands]


GROUP_COMMANDS = [
    c
    for c in PRIVATE_COMMANDS
    if c.command
    not in (
        "start",
        "checkin",
        "report",
        "remind",
        "reminders",
        "progress",
        "stop",
        "mydata",
        "forget",
        "privacy",
        "quiet",
        "connect",
        "channels",
        "prescribe",
        "prescriptions",
    )
]
GROUP_COMMANDS.insert(-1, BotCommand("settings", N_("Admins: the group's daily post and language")))


async def register_commands(bot: Bot) -> None:
    """Tell Telegram both menus, in English and in each other language (for Telegram set to it)."""
    await bot.set_my_commands(PRIVATE_COMMANDS, scope=BotCommandScopeAllPrivateChats())
    await bot.set_my_commands(GROUP_COMMANDS, scope=BotCommandScopeAllGroupChats())
    for language in LANGUAGES[1:]:
        await bot.set_my_commands(
            commands_in(PRIVATE_COMMANDS, language), scope=BotCommandScopeAllPrivateChats(), language_code=language
        )
        await bot.set_my_commands(
            commands_in(GROUP_COMMANDS, language), scope=BotCommandScopeAllGroupChats(), language_code=language
        )
