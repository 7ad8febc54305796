/* Message draft page: focus the error summary after a failed submit, and offer a Copy button.
   The page works without this script: the summary has autofocus, and the text stays selectable. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  var button = document.querySelector("button[data-copy]");
  var subject = document.getElementById("draft-subject");
  var body = document.getElementById("draft-body");
  // The clipboard API exists only on secure pages (https, localhost): no API, no button.
  if (!button || !subject || !body || !navigator.clipboard) return;
  var status = document.getElementById(button.getAttribute("data-status"));
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(subject.value + "\n\n" + body.value).then(
      function () { status.textContent = button.getAttribute("data-done"); },
      function () {
        status.textContent = button.getAttribute("data-failed");
        body.focus();
        body.select();
      }
    );
  });
})();
