"""The Mini App in real headless Chromium (Debian's package, driven by Playwright), against the
real bot (its own HTTP server, polling the fake Bot API on 127.0.0.1).

A person with a reminder opens Today's session with a signed initData, goes through every exercise
(each shows its moving demonstration), presses Done (the chat's /progress then shows the streak)
and sees it on the progress page; forged or expired initData gets 401; another person sees none of
it. Skipped, visibly, when Chromium or Playwright is missing, except under CI=true, where that fails.

Screenshots at 360x740 go to a temporary folder, or to docs/miniapp/ with UPDATE_SCREENSHOTS=1.
"""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.webapp.auth import signed_init_data
from tests.e2e.helpers import (
    PROGRAMME,
    TOKEN,
    USER,
    Clock,
    clock_now,
    start_button,
    visible_text,
    webapp_on,
    with_reminder,
)
from tests.fake_bot_api import FakeBotApi

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DOCS = Path(__file__).resolve().parents[2] / "docs" / "miniapp"
VIEWPORT = {"width": 360, "height": 740}
OTHER = USER + 1


def _browser_missing() -> str | None:
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


MISSING = _browser_missing()
if MISSING and os.environ.get("CI", "").lower() == "true":
    raise RuntimeError(f"browser tests need Chromium and Playwright under CI: {MISSING}")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"SKIPPED browser tests: {MISSING}")

# Telegram's object as the client injects it, with the calls the page makes recorded.
FAKE_TELEGRAM = """
window.__calls = [];
const rec = (name) => (...args) => { window.__calls.push([name, ...args]); };
const button = (name) => ({ text: "", isVisible: false, handlers: [],
  setText(t) { this.text = t; rec(name + ".setText")(t); return this; },
  show() { this.isVisible = true; rec(name + ".show")(); return this; },
  hide() { this.isVisible = false; rec(name + ".hide")(); return this; },
  onClick(h) { this.handlers.push(h); return this; },
  offClick(h) { this.handlers = this.handlers.filter((x) => x !== h); return this; } });
window.Telegram = { WebApp: {
  initData: %(init)s, colorScheme: "dark",
  themeParams: { bg_color: "#102030", text_color: "#f0f0f0", hint_color: "#b0b8c0", link_color: "#8cc8ff",
                 button_color: "#2f7fd0", button_text_color: "#ffffff", secondary_bg_color: "#1c2a38" },
  MainButton: button("MainButton"), BackButton: button("BackButton"),
  HapticFeedback: { notificationOccurred: rec("haptic.notification"), impactOccurred: rec("haptic.impact") },
  onEvent: rec("onEvent"), ready: rec("ready"), expand: rec("expand") } };
"""


@pytest.fixture
def serve_webapp(serve_bot):
    return webapp_on(serve_bot)


@pytest.fixture
async def browser():
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = DOCS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def open_page(browser, url: str, *, telegram_init: str | None = None, font_scale: int = 100):
    context = await browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    # Offline: telegram.org is never reached (the page must work without its script).
    await context.route("https://telegram.org/**", lambda route: route.abort())
    if telegram_init is not None:
        import json

        await context.add_init_script(FAKE_TELEGRAM % {"init": json.dumps(telegram_init)})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    statuses: dict[str, int] = {}
    page.on("response", lambda r: statuses.__setitem__(r.url.split("?")[0].rsplit("/", 1)[-1], r.status))
    await page.goto(url)
    if font_scale != 100:
        await page.add_style_tag(content=f"html {{ font-size: {font_scale}% !important; }}")
    return page, errors, statuses


def local_url(base: str, init_data: str, **query: str) -> str:
    q = "&".join(f"{k}={v}" for k, v in query.items())
    return f"{base}/app/{'?' + q if q else ''}#tgWebAppData={quote(init_data, safe='')}"


async def no_sideways_scroll(page) -> None:
    width = await page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways at 360 px: {width}"


async def test_a_session_from_start_to_done_and_progress(serve_webapp, browser, api: FakeBotApi, content, shots):
    from PIL import Image

    async with serve_webapp() as (application, base):
        clock = Clock(clock_now())
        await with_reminder(application, clock)
        # the reminder's "▶ Start session" button opens the page (here on the test's own address)
        (photo,) = api.sent(USER, "sendPhoto")
        _labels, url = start_button(photo)
        assert url is not None
        query = url.split("?", 1)[1]
        page, errors, statuses = await open_page(
            browser, local_url(base, signed_init_data(USER, TOKEN), **dict([query.split("=", 1)]))
        )
        intro = page.locator("#intro")
        await intro.wait_for()
        day = content.programmes[PROGRAMME].days[0]
        names = [content.exercises[e].name for e in day.exercises]
        for name in names:
            assert name in await intro.inner_text()
        await no_sideways_scroll(page)
        await page.screenshot(path=shots / "today.png")

        await page.get_by_role("button", name="Start the session").click()
        for i, exercise_id in enumerate(day.exercises):
            ex = content.exercises[exercise_id]
            await page.locator("#ex-name", has_text=ex.name).wait_for()
            assert f"Exercise {i + 1} of {len(names)}" in await page.locator("#ex-count").inner_text()
            demo = page.locator("#ex-demo")
            await page.wait_for_function(
                "document.getElementById('ex-demo').complete && document.getElementById('ex-demo').naturalWidth > 0"
            )
            assert await demo.evaluate("img => img.naturalWidth") == 640
            assert ex.name in (await demo.get_attribute("alt") or "")
            src = await demo.get_attribute("src")
            body = await page.evaluate(
                "async (src) => Array.from(new Uint8Array(await (await fetch(src)).arrayBuffer()))", src
            )
            with Image.open(io.BytesIO(bytes(body))) as picture:
                assert picture.format == "WEBP" and picture.n_frames > 1  # it moves
            text = await page.locator("#exercise").inner_text()
            assert ex.dose in text and all(step in text for step in ex.steps) and ex.cautions[0] in text
            await no_sideways_scroll(page)
            if i == 0:
                count = page.locator("#count-text")
                rep = page.get_by_role("button", name="+1 rep")
                if await rep.is_visible():
                    await rep.click()
                    await rep.click()
                    assert (await count.inner_text()).startswith("2 of ")
                await page.screenshot(path=shots / "exercise.png", full_page=False)
            if i < len(names) - 1:
                await page.get_by_role("button", name="Next exercise →").click()

        await page.get_by_role("button", name="✅ Done").click()
        await page.locator("#recorded").wait_for()
        assert "Your streak: 1 day(s)" in await page.locator("#recorded").inner_text()
        assert statuses["done"] == 200
        await page.screenshot(path=shots / "done.png")
        # the chat's Done follows: the pain question in the chat, and /progress shows the streak
        await api.wait_for(lambda: any("Marked as done" in c.text for c in api.sent(USER)), what="pain question")
        api.message(USER, "/progress")  # its chart is drawn while Chromium is busy too: a longer wait
        streak = await api.wait_for(
            lambda: any("Streak: 1 day(s)" in visible_text(c.text) for c in api.sent(USER)),
            timeout=60,
            what="/progress with the streak",
        )
        assert streak

        await page.get_by_role("button", name="See your progress").click()
        await page.locator("#progress").wait_for()
        assert await page.locator("#streak").inner_text() == "1"
        assert "This week: 1 of 7 days" in await page.locator("#weeks").inner_text()
        assert "1 done, 0 skipped, 0 snoozed" in await page.locator("#week").inner_text()
        assert "No check-ins yet" in await page.locator("#checkins").inner_text()
        await page.screenshot(path=shots / "progress.png")
        assert errors == []


async def test_too_painful_gives_the_worsening_advice(serve_webapp, browser, content, shots):
    async with serve_webapp() as (application, base):
        await with_reminder(application, Clock(clock_now()))
        page, errors, _ = await open_page(browser, local_url(base, signed_init_data(USER, TOKEN)))
        await page.get_by_role("button", name="Start the session").click()
        await page.get_by_role("button", name="✋ Too painful, stop").click()
        advice = page.locator("#advice")
        await advice.wait_for()
        text = await advice.inner_text()
        assert "talk to your physiotherapist or doctor before you carry on" in text
        assert "999" in text  # the urgent page's emergency level, from content
        await page.screenshot(path=shots / "too-painful.png")
        assert errors == []


async def test_inside_telegram_theme_main_button_and_haptics(serve_webapp, browser, api: FakeBotApi):
    async with serve_webapp() as (application, base):
        await with_reminder(application, Clock(clock_now()))
        page, errors, statuses = await open_page(browser, f"{base}/app/", telegram_init=signed_init_data(USER, TOKEN))
        await page.locator("#intro").wait_for()
        background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(16, 32, 48)"  # themeParams.bg_color
        main_button = await page.evaluate("[Telegram.WebApp.MainButton.text, Telegram.WebApp.MainButton.isVisible]")
        assert main_button == ["Start the session", True]
        # the main button drives the session; on the last exercise it is Done
        for _ in range(10):
            if await page.evaluate("Telegram.WebApp.MainButton.text") == "Done":
                break
            await page.evaluate("Telegram.WebApp.MainButton.handlers.forEach((h) => h())")
        assert await page.evaluate("Telegram.WebApp.BackButton.isVisible")
        await page.evaluate("Telegram.WebApp.MainButton.handlers.forEach((h) => h())")
        await page.locator("#recorded").wait_for()
        calls = await page.evaluate("window.__calls")
        assert ["haptic.notification", "success"] in calls
        assert ["ready"] in calls and statuses["done"] == 200
        assert errors == []


async def test_text_at_200_percent_fits_360_px(serve_webapp, browser):
    async with serve_webapp() as (application, base):
        await with_reminder(application, Clock(clock_now()))
        page, _, _ = await open_page(browser, local_url(base, signed_init_data(USER, TOKEN)), font_scale=200)
        await page.locator("#intro").wait_for()
        await no_sideways_scroll(page)
        await page.get_by_role("button", name="Start the session").click()
        await page.locator("#exercise").wait_for()
        await no_sideways_scroll(page)
        labelled = await page.evaluate(
            "Array.from(document.querySelectorAll('button:not([hidden])')).every((b) => b.textContent.trim())"
        )
        assert labelled


@pytest.mark.parametrize("case", ["forged", "expired", "other bot"])
async def test_forged_or_expired_init_data_is_refused(serve_webapp, browser, case):
    init = {
        "forged": signed_init_data(USER, TOKEN).rsplit("hash=", 1)[0] + "hash=" + "0" * 64,
        "expired": signed_init_data(USER, TOKEN, now=time.time() - 25 * 3600),
        "other bot": signed_init_data(USER, "42:another-bot"),
    }[case]
    async with serve_webapp() as (application, base):
        await with_reminder(application, Clock(clock_now()))
        page, _, statuses = await open_page(browser, local_url(base, init))
        status = page.locator("#status.error")
        await status.wait_for()
        assert "open this page from the bot in Telegram" in await status.inner_text()
        assert statuses["today"] == 401
        assert await page.locator("#intro").is_hidden()


async def test_another_person_sees_none_of_it(serve_webapp, browser, content):
    async with serve_webapp() as (application, base):
        await with_reminder(application, Clock(clock_now()))
        page, _, statuses = await open_page(browser, local_url(base, signed_init_data(OTHER, TOKEN)))
        await page.get_by_text("You have no exercise reminder yet").wait_for()
        assert statuses["today"] == 200
        body = await page.locator("body").inner_text()
        first = content.exercises[content.programmes[PROGRAMME].days[0].exercises[0]].name
        assert first not in body
        page2, _, _ = await open_page(browser, local_url(base, signed_init_data(OTHER, TOKEN), page="progress"))
        await page2.locator("#progress").wait_for()
        assert await page2.locator("#streak").inner_text() == "0"
