/* Report form: show conditional questions and filter channels as answers change.
   The form works without this script: the server re-renders it ("Continue"). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-questionnaire]");
  if (!form) return;
  var dataNode = document.getElementById("channel-data");
  var channels = dataNode ? JSON.parse(dataNode.textContent) : null;

  function values(key) {
    var found = [];
    form.querySelectorAll("[name='" + key + "']").forEach(function (input) {
      if (input.disabled) return;
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value) found.push(input.value);
    });
    return found;
  }

  function setShown(wrapper, shown) {
    wrapper.hidden = !shown;
    wrapper.querySelectorAll("input, select, textarea").forEach(function (input) {
      input.disabled = !shown;
    });
  }

  function fillChannels(select, platform) {
    if (!channels || !platform) return;
    var current = select.value;
    var first = select.options[0];
    var other = select.querySelector("option[value='other']");
    var otherLabel = other ? other.textContent : "";
    while (select.options.length > 1) select.remove(1);
    (channels[platform] || []).forEach(function (pair) {
      select.add(new Option(pair[1], pair[0], false, pair[0] === current));
    });
    if (otherLabel) select.add(new Option(otherLabel, "other", false, current === "other"));
    if (select.value !== current) first.selected = true;
  }

  var lastPlatform = values("platform")[0] || "";

  function update() {
    var platform = values("platform")[0] || "";
    form.querySelectorAll(".field[data-needs]").forEach(function (wrapper) {
      setShown(wrapper, values(wrapper.getAttribute("data-needs")).length > 0);
    });
    if (platform !== lastPlatform) {
      form.querySelectorAll(".field[data-needs='platform'] select").forEach(function (select) {
        fillChannels(select, platform);
      });
      lastPlatform = platform;
    }
    form.querySelectorAll(".field[data-show-if]").forEach(function (wrapper) {
      var rule = JSON.parse(wrapper.getAttribute("data-show-if"));
      var given = values(rule.key);
      setShown(wrapper, given.some(function (v) { return rule["in"].indexOf(v) !== -1; }));
    });
    form.querySelectorAll("[data-other-for]").forEach(function (box) {
      var key = box.getAttribute("data-other-for");
      var wrapper = box.closest(".field");
      var shown = !wrapper.hidden && values(key)[0] === "other";
      box.hidden = !shown;
      box.querySelectorAll("input").forEach(function (input) { input.disabled = !shown; });
    });
  }

  // With the script, every question can be shown at once: the button sends directly.
  var button = form.querySelector("button[name='action']");
  if (button && button.getAttribute("data-submit-label")) {
    button.value = "submit";
    button.textContent = button.getAttribute("data-submit-label");
  }
  document.querySelectorAll(".js-hide").forEach(function (node) { node.hidden = true; });
  // A platform chosen before the script ran still needs its own channels listed.
  var platformNow = values("platform")[0] || "";
  if (platformNow) {
    form.querySelectorAll(".field[data-needs='platform'] select").forEach(function (select) {
      fillChannels(select, platformNow);
    });
  }
  form.addEventListener("change", update);
  update();
})();
