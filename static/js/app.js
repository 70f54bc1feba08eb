import { initAll } from "../govuk/govuk-frontend.min.js";
// Search as people type on the start page (issue 13).
import "./search.js";

initAll();

// "Print this page" buttons: progressive enhancement (the browser's own print works without it).
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
