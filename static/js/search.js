// Search as people type (issue 13), a progressive enhancement of the plain GET form on the start
// page: without JavaScript the form submits as before. The results come from the same page (same
// gate, same disclosure log); only the results region is swapped in, and a status line tells
// screen reader users how many people were found.
const WAIT_MS = 300;

export function searchAsYouType(form) {
  const input = form.querySelector("input[name=q]");
  const status = document.querySelector("[data-search-status]");
  let results = document.querySelector("[data-search-results]");
  if (!input || !results) return;
  let timer;
  let controller;
  let last = input.value.trim();

  async function search() {
    const query = input.value.trim();
    if (query === last || query.length === 1) return;
    last = query;
    controller?.abort();
    controller = new AbortController();
    const url = new URL(form.action, window.location.href);
    if (query) url.searchParams.set("q", query);
    let response;
    try {
      response = await fetch(url, { signal: controller.signal, credentials: "same-origin" });
    } catch (error) {
      if (error.name === "AbortError") return;
      return; // offline or refused: pressing Search still submits the form
    }
    if (!response.ok || response.redirected) return; // e.g. signed out: the form still works
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector("[data-search-results]");
    if (!fresh || query !== input.value.trim()) return;
    results.replaceWith(fresh);
    results = fresh;
    window.history.replaceState(null, "", url);
    if (status) status.textContent = fresh.dataset.searchSummary || "";
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, WAIT_MS);
  });
}

const form = document.querySelector("form[data-search-form]");
if (form) searchAsYouType(form);
