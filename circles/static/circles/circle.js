/* Circle pages: focus the error summary after a failed submit, and Copy buttons for the
   links. The pages work without this script: the summary has autofocus, links stay selectable. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  // The clipboard API exists only on secure pages (https, localhost): no API, no button.
  if (!navigator.clipboard) return;
  document.querySelectorAll("button[data-copy-from]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    var status = document.getElementById(button.getAttribute("data-status"));
    if (!source || !status) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(
        function () { status.textContent = button.getAttribute("data-done"); },
        function () {
          status.textContent = button.getAttribute("data-failed");
          source.focus();
          source.select();
        }
      );
    });
  });
})();
