// Progressive enhancement of the pages; everything works without it, through forms and links.
//   - results update as you type (debounced; an older answer never replaces a newer one);
//   - the address follows, and back and forward restore the search (see "History" below);
//   - "/" puts the cursor in the search box; arrow keys move through the results, Enter opens one.
//
// History: every entry is a search the reader settled on, or the one being typed.
//   - Typing edits one entry: the first answer shown pushes it (history.pushState) so that the search
//     it started from stays one step back; later answers replace it (history.replaceState).
//   - Submitting the form (Enter) settles that entry, or pushes a new one when nothing was typed since.
//   - Facets, sorting, pages and results are plain links: the browser pushes those entries itself.
//   - Back and forward (popstate) show the search of the entry they reach, box included.
(function () {
  "use strict";

  var DELAY_MS = 250;
  var form = document.querySelector(".search-form");
  var input = document.getElementById("q");
  var live = document.getElementById("live-status");
  if (!form || !input) return;

  var onSearchPage = location.pathname === "/" || location.pathname === "/search";
  var timer = 0;
  var sequence = 0; // numbers each request; only the latest one may change the page
  var controller = null;
  var editing = false; // whether the current entry is the one being typed (pushed by this script)

  function addressFor(query) {
    return query.trim() ? "/search?" + new URLSearchParams({ q: query }).toString() : "/";
  }

  function queryOf(address) {
    return new URL(address, location.href).searchParams.get("q") || "";
  }

  function here() {
    return location.pathname + location.search;
  }

  var shown = here(); // the address whose search <main> shows

  // Fetches a search page and swaps its <main> in; `commit` then sets the address. When the page cannot
  // be fetched (offline, a server gone), `fail` is called: a plain navigation there.
  function load(address, commit, fail) {
    var mine = ++sequence;
    if (controller) controller.abort();
    controller = typeof AbortController === "function" ? new AbortController() : null;
    fetch(address, { headers: { Accept: "text/html" }, signal: controller ? controller.signal : undefined })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (mine !== sequence) return; // a newer request was made meanwhile
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector("main");
        var current = document.querySelector("main");
        if (!fresh || !current) return;
        current.replaceWith(fresh);
        document.title = page.title;
        commit();
        shown = address;
        var count = fresh.querySelector(".result-count");
        if (live) live.textContent = count ? count.textContent.replace(/\s+/g, " ").trim() : "";
      })
      .catch(function (error) {
        if (mine !== sequence || (error && error.name === "AbortError")) return;
        if (fail) fail();
      });
  }

  // Forgets the timer and any request on its way: what the page shows now stays.
  function settle() {
    clearTimeout(timer);
    sequence++;
    if (controller) controller.abort();
  }

  function typed() {
    var query = input.value;
    var address = addressFor(query);
    if (address === shown) return settle(); // back to what the page shows: nothing to fetch
    load(address, function () {
      if (editing) {
        history.replaceState({ q: query }, "", address);
      } else {
        history.pushState({ q: query }, "", address);
        editing = true;
      }
    });
  }

  if (onSearchPage) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(typed, DELAY_MS);
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value;
      var address = addressFor(query);
      settle();
      if (address === shown) {
        editing = false; // its answer is on the page already: this entry is settled
        return;
      }
      var replace = editing;
      load(address, function () {
        if (replace) history.replaceState({ q: query }, "", address);
        else history.pushState({ q: query }, "", address);
        editing = false;
      }, function () { location.assign(address); });
    });

    window.addEventListener("popstate", function () {
      var address = here();
      settle();
      editing = false;
      input.value = queryOf(address);
      if (address !== shown) load(address, function () {}, function () { location.reload(); });
    });
  }

  // A page restored from the back-forward cache: the box says what the address says.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    settle();
    editing = false;
    if (onSearchPage) input.value = queryOf(location.href);
  });

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
