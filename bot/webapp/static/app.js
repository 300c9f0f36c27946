/* Rootwise Mini App: today's session one exercise at a time, Done / Too painful, progress.
 *
 * Inside Telegram the page loads telegram-web-app.js and takes initData from it. Outside Telegram
 * (a local browser, tests) it runs in local mode: ?local=1 or a page served from 127.0.0.1 /
 * localhost skips the script, and initData comes from the URL fragment (#tgWebAppData=...) or the
 * query (?initData=...). Every API call sends it as "Authorization: tma <initData>".
 */
"use strict";

const TELEGRAM_SCRIPT = "https://telegram.org/js/telegram-web-app.js";
const $ = (id) => document.getElementById(id);
const state = { session: null, index: 0, screen: "loading", reps: 0, timer: null, elapsed: 0, history: [] };
let tg = null;

function localMode() {
  const q = new URLSearchParams(location.search);
  return q.has("local") || ["127.0.0.1", "localhost", "[::1]"].includes(location.hostname);
}

function loadTelegram() {
  if (window.Telegram && window.Telegram.WebApp) return Promise.resolve();
  if (localMode()) return Promise.resolve();
  return new Promise((resolve) => {
    const s = document.createElement("script");
    s.src = TELEGRAM_SCRIPT;
    s.onload = s.onerror = () => resolve();
    setTimeout(resolve, 5000);
    document.head.appendChild(s);
  });
}

function initData() {
  if (tg && tg.initData) return tg.initData;
  const hash = new URLSearchParams(location.hash.replace(/^#/, ""));
  const query = new URLSearchParams(location.search);
  return hash.get("tgWebAppData") || query.get("initData") || "";
}

async function api(path, body) {
  const options = { headers: { Authorization: "tma " + initData() } };
  if (body !== undefined) {
    options.method = "POST";
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const r = await fetch("/app/api/" + path, options);
  const data = await r.json().catch(() => ({}));
  if (r.status === 401) throw new Error("Please open this page from the bot in Telegram (the sign-in has expired or is missing).");
  if (!r.ok) throw new Error(data.error || "Something went wrong. Please try again.");
  return data;
}

function say(text, error) {
  const s = $("status");
  s.textContent = text || "";
  s.classList.toggle("error", Boolean(error));
}

function fill(list, items) {
  list.replaceChildren(...items.map((t) => { const li = document.createElement("li"); li.textContent = t; return li; }));
}

/* ---- Telegram: theme, main button, back button, haptics ---------------------------------- */

function applyTheme() {
  if (!tg) return;
  const p = tg.themeParams || {};
  const root = document.documentElement.style;
  for (const [key, name] of [["bg_color", "bg"], ["text_color", "text"], ["hint_color", "hint"],
    ["link_color", "link"], ["button_color", "button"], ["button_text_color", "button-text"],
    ["secondary_bg_color", "secondary-bg"]]) {
    if (p[key]) root.setProperty("--tg-" + name, p[key]); else root.removeProperty("--tg-" + name);
  }
  document.documentElement.dataset.scheme = tg.colorScheme === "dark" ? "dark" : "light";
}

function mainButton(text, handler) {
  if (!tg || !tg.MainButton) return;
  const mb = tg.MainButton;
  if (mainButton.handler) mb.offClick(mainButton.handler);
  mainButton.handler = null;
  if (!text) { mb.hide(); return; }
  mainButton.handler = handler;
  mb.setText(text);
  mb.onClick(handler);
  mb.show();
}

function backButton(show) {
  if (!tg || !tg.BackButton) return;
  if (show) tg.BackButton.show(); else tg.BackButton.hide();
}

function haptic(kind) {
  if (tg && tg.HapticFeedback) tg.HapticFeedback.notificationOccurred(kind);
}

/* ---- screens ------------------------------------------------------------------------------ */

const SCREENS = ["intro", "exercise", "finish", "recorded", "advice", "progress"];

function show(screen, { push = true } = {}) {
  if (push && state.screen !== screen && state.screen !== "loading") state.history.push([state.screen, state.index]);
  state.screen = screen;
  for (const id of SCREENS) $(id).hidden = !(id === screen || (screen === "exercise" && id === "finish"));
  $("to-progress").setAttribute("aria-current", screen === "progress" ? "page" : "false");
  $("to-today").setAttribute("aria-current", screen === "progress" ? "false" : "page");
  backButton(state.history.length > 0);
  if (screen === "exercise") mainButton(lastExercise() ? "Done" : "Next exercise", lastExercise() ? done : next);
  else if (screen === "intro" && state.session && !state.session.rest) mainButton("Start the session", start);
  else mainButton("");
  $("main").focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function back() {
  stopTimer();
  const prev = state.history.pop();
  if (!prev) return;
  state.index = prev[1];
  if (prev[0] === "exercise") renderExercise();
  show(prev[0], { push: false });
}

function lastExercise() {
  return state.session && state.index === state.session.exercises.length - 1;
}

function renderIntro() {
  const s = state.session;
  $("intro-title").textContent = `${s.programme} · day ${s.day + 1}`;
  $("intro-note").textContent = s.rest ? "Today is a rest day. Keep gently active with everyday things."
    : (s.note || `${s.exercises.length} exercise(s), one after another.`);
  fill($("intro-list"), s.exercises.map((e) => `${e.name} — ${e.dose}`));
  $("intro-caution").textContent = s.caution || "";
  $("start").hidden = s.rest;
  if (s.done_today) say("Already marked as done today. You can go through it again.");
}

function renderExercise() {
  stopTimer();
  const s = state.session;
  const ex = s.exercises[state.index];
  $("ex-count").textContent = `Exercise ${state.index + 1} of ${s.exercises.length}`;
  $("ex-name").textContent = ex.name;
  const img = $("ex-demo");
  img.hidden = !ex.demo;
  if (ex.demo) { img.src = ex.demo; img.alt = ex.demo_alt; }
  $("ex-dose").textContent = ex.dose;
  fill($("ex-steps"), ex.steps);
  fill($("ex-cautions"), ex.cautions);
  state.reps = 0;
  state.elapsed = 0;
  const c = ex.counter;
  $("rep").hidden = !c.reps;
  $("hold").hidden = !c.hold;
  $("timer").hidden = Boolean(c.reps || c.hold);
  $("hold").textContent = c.hold ? `Start ${c.hold}-second hold` : "Start hold";
  $("timer").textContent = "Start timer";
  $("prev").hidden = state.index === 0;
  $("next").hidden = lastExercise();
  $("done").hidden = !lastExercise();
  countText();
}

function countText(extra) {
  const c = state.session.exercises[state.index].counter;
  let text;
  if (extra) text = extra;
  else if (c.reps) text = `${state.reps} of ${c.reps} reps`;
  else if (c.hold) text = `Hold: ${c.hold} seconds`;
  else text = `Time: ${Math.floor(state.elapsed / 60)} min ${state.elapsed % 60} s`;
  $("count-text").textContent = text;
}

function stopTimer() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

function start() {
  state.index = 0;
  renderExercise();
  show("exercise");
}

function next() {
  if (lastExercise()) return;
  state.index += 1;
  renderExercise();
  show("exercise", { push: false });
}

function prev() {
  if (state.index === 0) return;
  state.index -= 1;
  renderExercise();
  show("exercise", { push: false });
}

function hold() {
  const c = state.session.exercises[state.index].counter;
  stopTimer();
  let left = c.hold;
  countText(`Hold… ${left}`);
  state.timer = setInterval(() => {
    left -= 1;
    if (left > 0) { countText(`Hold… ${left}`); return; }
    stopTimer();
    if (c.reps) state.reps += 1;
    if (tg && tg.HapticFeedback) tg.HapticFeedback.impactOccurred("light");
    countText(c.reps ? `Relax. ${state.reps} of ${c.reps} done` : "Relax. Hold done");
  }, 1000);
}

function timer() {
  if (state.timer) { stopTimer(); $("timer").textContent = "Start timer"; countText(); return; }
  $("timer").textContent = "Pause timer";
  state.timer = setInterval(() => { state.elapsed += 1; countText(); }, 1000);
}

async function done() {
  const button = $("done");
  button.disabled = true;
  try {
    const r = await api("done", { reminder: state.session.reminder, day: state.session.day });
    haptic("success");
    $("recorded-text").textContent = `Your streak: ${r.streak} day(s) in a row.`;
    state.session.done_today = true;
    stopTimer();
    show("recorded");
  } catch (e) {
    haptic("error");
    say(e.message, true);
  } finally {
    button.disabled = false;
  }
}

function painful() {
  stopTimer();
  haptic("warning");
  const t = state.session.too_painful;
  $("advice-text").textContent = t.advice;
  $("advice-urgent").replaceChildren(...t.urgent.map((line) => {
    const p = document.createElement("p");
    p.textContent = line;
    return p;
  }));
  show("advice");
}

async function showProgress() {
  say("Loading…");
  try {
    const p = await api("progress");
    say("");
    $("streak").textContent = p.streak;
    $("streak-label").textContent = p.streak === 1 ? "day in a row" : "days in a row";
    $("week").textContent = p.recorded
      ? `${p.this_week.done} done, ${p.this_week.skipped} skipped, ${p.this_week.snoozed} snoozed`
      : "No exercise days recorded yet. Press Done after your exercises and they will show here.";
    const names = ["3 weeks ago", "2 weeks ago", "Last week", "This week"];
    $("weeks").replaceChildren(...p.weeks.map((n, i) => {
      const li = document.createElement("li");
      const label = document.createElement("span");
      label.className = "label";
      label.textContent = `${names[i]}: ${n} of 7 days`;
      const fillBar = document.createElement("span");
      fillBar.className = "bar-fill";
      fillBar.style.width = `${(n / 7) * 10}rem`;
      fillBar.setAttribute("aria-hidden", "true");
      li.append(label, fillBar);
      return li;
    }));
    if (p.pain) {
      $("pain").textContent = `${p.pain.first}/10 at the start of these weeks, ${p.pain.last}/10 most recently.`;
      fill($("pain-list"), p.pain.series.slice(-7).map((x) => `${x.date}: ${x.pain}/10`));
    } else {
      $("pain").textContent = "No pain scores yet. After Done, the chat asks for one.";
      fill($("pain-list"), []);
    }
    const checks = p.checkins || [];
    if (checks.length) {
      const first = checks[0], last = checks[checks.length - 1];
      $("checkins").textContent = checks.length === 1
        ? `Roland-Morris score ${first.rmdq} of 24 (lower is better).`
        : `Roland-Morris score ${first.rmdq} of 24 at the first check-in, ${last.rmdq} at the latest (lower is better).`;
      fill($("checkin-list"), checks.slice(-6).map((c) => {
        const parts = [`${c.date}: score ${c.rmdq}/24`];
        if (c.leg_pain !== null) parts.push(`leg pain ${c.leg_pain}/10`);
        if (c.back_pain !== null) parts.push(`back pain ${c.back_pain}/10`);
        if (c.walking_minutes !== null) parts.push(`walking ${c.walking_minutes} min`);
        return parts.join(", ");
      }));
    } else {
      $("checkins").textContent = "No check-ins yet. Type /checkin in the chat to do one.";
      fill($("checkin-list"), []);
    }
    show("progress");
  } catch (e) {
    say(e.message, true);
  }
}

async function loadToday() {
  say("Loading…");
  try {
    const reminder = new URLSearchParams(location.search).get("reminder");
    const data = await api(/^\d+$/.test(reminder || "") ? "today?reminder=" + reminder : "today");
    say("");
    if (!data.session) { say(data.message); return; }
    state.session = data.session;
    renderIntro();
    show("intro");
  } catch (e) {
    say(e.message, true);
  }
}

async function main() {
  await loadTelegram();
  tg = window.Telegram && window.Telegram.WebApp && window.Telegram.WebApp.initData ? window.Telegram.WebApp : null;
  if (tg) {
    applyTheme();
    tg.onEvent("themeChanged", applyTheme);
    tg.BackButton.onClick(back);
    tg.ready();
    tg.expand();
  } else if (window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches) {
    document.documentElement.dataset.scheme = "dark";
  }
  $("start").addEventListener("click", start);
  $("next").addEventListener("click", next);
  $("prev").addEventListener("click", prev);
  $("rep").addEventListener("click", () => { state.reps += 1; countText(); });
  $("hold").addEventListener("click", hold);
  $("timer").addEventListener("click", timer);
  $("reset").addEventListener("click", () => { stopTimer(); state.reps = 0; state.elapsed = 0; countText(); });
  $("done").addEventListener("click", done);
  $("painful").addEventListener("click", painful);
  $("see-progress").addEventListener("click", showProgress);
  $("to-progress").addEventListener("click", showProgress);
  $("to-today").addEventListener("click", () => {
    if (!state.session) { loadToday(); return; }
    state.history = [];
    show("intro", { push: false });
  });
  if (!initData()) {
    say("Please open this page from the bot in Telegram: the ▶ Start session button under a reminder.", true);
    return;
  }
  if (new URLSearchParams(location.search).get("page") === "progress") await showProgress();
  else await loadToday();
}

main();
