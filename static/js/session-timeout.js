// The GOV.UK timeout warning: a modal dialog before the idle limit ends the session
// (accounts.middleware.SessionLimitsMiddleware). "Stay signed in" renews it on the server;
// "Sign out" signs out; doing nothing lets the session end, and the page then reloads to the
// sign-in page, which says why.
const dialog = document.getElementById("app-timeout-warning");

if (dialog && typeof dialog.showModal === "function") {
  const idleMs = Number(dialog.dataset.idleSeconds) * 1000;
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  const countdown = dialog.querySelector(".app-timeout-countdown");
  const announce = dialog.querySelector("#app-timeout-announce");
  const renew = dialog.querySelector("#app-timeout-renew");
  let deadline = 0;
  let warnTimer = 0;
  let tickTimer = 0;
  let lastAnnounced = "";

  const inWords = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return minutes === 1 ? "1 minute" : `${minutes} minutes`;
    }
    return seconds === 1 ? "1 second" : `${seconds} seconds`;
  };

  // Screen readers hear the time left when the dialog opens, then each minute and at 20 seconds,
  // not every second.
  const say = (text) => {
    if (text !== lastAnnounced) {
      announce.textContent = `For your security, we will sign you out in ${text}.`;
      lastAnnounced = text;
    }
  };

  const tick = () => {
    const left = deadline - Date.now();
    if (left <= 0) {
      window.clearInterval(tickTimer);
      // The server has ended the session by now: reloading shows the sign-in page and why.
      window.setTimeout(() => window.location.assign(window.location.href), 1000);
      return;
    }
    const words = inWords(left);
    countdown.textContent = words;
    if (left >= 60000 || (left <= 20000 && left > 19000)) {
      say(words);
    }
  };

  const warn = () => {
    countdown.textContent = inWords(deadline - Date.now());
    lastAnnounced = "";
    say(countdown.textContent);
    dialog.showModal();
    tickTimer = window.setInterval(tick, 1000);
  };

  const start = () => {
    window.clearTimeout(warnTimer);
    window.clearInterval(tickTimer);
    deadline = Date.now() + idleMs;
    warnTimer = window.setTimeout(warn, Math.max(0, idleMs - warningMs));
  };

  const stay = async () => {
    const response = await fetch(renew.action, {
      method: "POST",
      body: new FormData(renew),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      redirect: "manual",
    });
    if (response.ok) {
      dialog.close();
      start();
    } else {
      window.location.assign(window.location.href);
    }
  };

  renew.addEventListener("submit", (event) => {
    event.preventDefault();
    stay();
  });
  // Escape closes the dialog: take it as "stay signed in", as the GOV.UK pattern does.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });

  start();
}
