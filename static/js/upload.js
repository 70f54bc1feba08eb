// Progress while a new-birth file uploads and is checked (progressive enhancement: without
// JavaScript the form posts as usual). The bar follows the upload, then shows "checking" until
// the server answers: a redirect goes to the import report, a page with errors replaces this one.
const form = document.querySelector("form[data-upload-progress]");

if (form && window.FormData && window.XMLHttpRequest) {
  const status = form.querySelector("[data-upload-status]");
  const bar = form.querySelector("progress");
  const message = form.querySelector("[data-upload-message]");
  const button = form.querySelector("button[type=submit]");

  form.addEventListener("submit", (event) => {
    const file = form.querySelector("input[type=file]");
    if (!file || !file.files.length) {
      return; // nothing to upload: an ordinary post, which shows the form's errors
    }
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    status.hidden = false;
    button.disabled = true;
    bar.value = 0;
    message.textContent = "Uploading the file…";
    request.upload.addEventListener("progress", (progress) => {
      if (progress.lengthComputable) {
        const percent = Math.round((progress.loaded / progress.total) * 100);
        bar.value = percent;
        message.textContent = `Uploading the file: ${percent}%`;
      }
    });
    request.upload.addEventListener("load", () => {
      bar.removeAttribute("value"); // indeterminate: the server is checking every row
      message.textContent = "File uploaded. Checking every row…";
    });
    request.addEventListener("load", () => {
      const here = new URL(form.action || window.location.href, window.location.href);
      const answered = new URL(request.responseURL);
      if (answered.pathname !== here.pathname) {
        window.location.assign(request.responseURL);
        return;
      }
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", () => {
      status.hidden = true;
      button.disabled = false;
      message.textContent = "";
      form.submit(); // fall back to an ordinary upload
    });
    request.send(new FormData(form));
  });
}
