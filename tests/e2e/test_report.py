"""/report end to end: a one-page PDF sent through the fake Bot API, its text layer holding the
scores, goals and the warning shown; rendered to PNG by pdftoppm (poppler-utils)."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess

import pytest

from tests.e2e import helpers
from tests.e2e.helpers import USER, Clock, ask, services_of, subscribe, visible_text
from tests.e2e.helpers_outcomes import checkin
from tests.fake_bot_api import FakeBotApi

pypdf = pytest.importorskip("pypdf", reason="pypdf (a dev dependency) reads the report's text layer")


async def _report(bot, api: FakeBotApi) -> bytes:
    clock = Clock(dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC))
    store = services_of(bot).store
    await ask(api, "/privacy")
    await helpers.agree(api)
    sub = await subscribe(bot, clock)
    await store.plan.change(USER, sub.id, 5, 7, "up", "week", clock.now)  # the plan stepped up once
    await store.outcomes.add_goal(USER, "walk to the shops", clock.now)
    await checkin(store, clock.now, yes=13, leg=7, back=5, ratings=[2])
    clock.now += dt.timedelta(days=14)
    await checkin(store, clock.now, yes=8, leg=4, back=5, ratings=[6])
    replies = await ask(api, "I suddenly can't control my bladder and my bottom is numb")  # an emergency reply
    assert "999" in visible_text(replies[0].text)
    replies = await ask(api, "/report")
    (doc,) = [c for c in replies if c.method == "sendDocument"]
    assert "not a diagnosis" in doc.text
    return api.state.files["document"]


async def test_report_is_a_one_page_pdf_whose_text_holds_the_scores(bot, api: FakeBotApi):
    pdf = await _report(bot, api)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "RMDQ 13/24, leg pain 7/10, back pain 5/10" in text
    assert "RMDQ 8/24, leg pain 4/10, back pain 5/10" in text
    assert "walk to the shops: 2 -> 6" in text
    assert "emergency:" in text  # the warning shown, with its level and time
    assert "01 Oct 2026: 5 -> 7, a good week" in text  # the plan's change of repeats
    assert "not a diagnosis" in text
    assert f"Programme: {services_of(bot).content.programmes['general-nerve-root'].title} (day 1, active)" in text
    assert "Check-in scores over time" in text and "Exercise days done" in text


async def test_report_with_nothing_stored_says_so(bot, api: FakeBotApi):
    replies = await ask(api, "/report")
    assert not [c for c in replies if c.method == "sendDocument"]
    assert "Nothing to report yet" in visible_text(replies[-1].text)


async def test_report_renders_to_png(bot, api: FakeBotApi, tmp_path):
    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftoppm (poppler-utils) is missing; .ci/run installs it")
        pytest.skip("pdftoppm (poppler-utils) is not installed: the report is not rendered to PNG")
    pdf = await _report(bot, api)
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(tmp_path / "report.pdf"), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    png = (tmp_path / "page.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    with Image.open(tmp_path / "page.png") as page:
        assert abs(page.width / page.height - 210 / 297) < 0.01  # A4 portrait
        grey = page.convert("L")
        dark = sum(grey.histogram()[:128])
        assert dark > 0.005 * page.width * page.height  # ink on the page: charts and text were drawn


@pytest.mark.parametrize("days", [1, 3])
def test_a_page_with_one_check_in_or_a_few_days_draws_without_warnings(days):
    # filterwarnings = error: matplotlib warns when its date ticks cannot span a single day
    from bot.report import CheckInRow, ReportData, report_pdf

    day = dt.date(2026, 12, 1)
    data = ReportData(
        made=day,
        topic=None,
        programmes=[],
        checkins=[CheckInRow(day, 10, 5, 4)],
        session_pain=[(day + dt.timedelta(days=i), 4) for i in range(days)],
    )
    text = pypdf.PdfReader(io.BytesIO(report_pdf(data))).pages[0].extract_text()
    assert "RMDQ 10/24" in " ".join(text.split())
