/* After a failed submit, move focus to the error summary so that screen readers announce
   it and keyboard users start from it, as the GOV.UK design system does. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
