// Progressive enhancement of the pages; everything works without it, through forms and links.
//   - results update as you type (debounced; an older answer never replaces a newer one);
//     the address follows with history.replaceState, so reload, share and back/forward keep working;
//   - "/" puts the cursor in the search box; arrow keys move through the results, Enter opens one.
(function () {
  "use strict";

  var DELAY_MS = 250;
  var form = document.querySelector(".search-form");
  var input = document.getElementById("q");
  var live = document.getElementById("live-status");
  if (!form || !input) return;

  var onSearchPage = location.pathname === "/" || location.pathname === "/search";
  var timer = 0;
  var sequence = 0;
  var controller = null;

  function addressFor(query) {
    return query.trim() ? "/search?" + new URLSearchParams({ q: query }).toString() : "/";
  }

  function show(html, address, mine) {
    if (mine !== sequence) return; // a newer query was typed meanwhile
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.querySelector("main");
    var current = document.querySelector("main");
    if (!fresh || !current) return;
    current.replaceWith(fresh);
    document.title = page.title;
    history.replaceState({ q: input.value }, "", address);
    var count = fresh.querySelector(".result-count");
    if (live) live.textContent = count ? count.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function update() {
    var query = input.value;
    var address = addressFor(query);
    var mine = ++sequence;
    if (controller) controller.abort();
    controller = typeof AbortController === "function" ? new AbortController() : null;
    fetch(address, { headers: { Accept: "text/html" }, signal: controller ? controller.signal : undefined })
      .then(function (response) { return response.text(); })
      .then(function (html) { show(html, address, mine); })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        // Offline or a server error: leave the page as it is; submitting the form still works.
      });
  }

  if (onSearchPage) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, DELAY_MS);
    });
    // The form still submits (Enter): a real navigation, a new history entry.
    form.addEventListener("submit", function () { clearTimeout(timer); sequence++; });
  }

  function resultLinks() {
    return Array.prototype.slice.call(document.querySelectorAll(".hits .hit-title a"));
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
    if (event.key === "/" && !typing) {
      event.preventDefault();
      input.focus();
      input.select();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = resultLinks();
    if (!links.length) return;
    var at = links.indexOf(target);
    if (target === input) {
      if (event.key !== "ArrowDown") return;
      at = -1;
    } else if (at < 0) {
      return; // arrows keep their usual meaning elsewhere
    }
    event.preventDefault();
    var next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (next < 0) input.focus();
    else if (next < links.length) links[next].focus();
  });
})();
