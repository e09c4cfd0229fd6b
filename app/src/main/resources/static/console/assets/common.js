// Shared by the console pages: a same-origin JSON client that sends the session's CSRF token, and a
// builder that puts every user-supplied string into the page as text, never as HTML.
"use strict";

window.Console = (function () {
  let me = null;

  async function loadMe() {
    const response = await fetch("/console/api/me", { credentials: "same-origin" });
    if (response.status === 401) {
      window.location.assign("/login");
      throw new Error("signed out");
    }
    me = await response.json();
    const badge = document.getElementById("me");
    if (badge) {
      badge.textContent = me.name + (me.admin ? " (admin)" : "");
    }
    return me;
  }

  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    if (method !== "GET") {
      headers[me.csrfHeader] = me.csrfToken;
    }
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    const response = await fetch(path, {
      method: method,
      headers: headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      window.location.assign("/login");
      throw new Error("Your session ended: sign in again.");
    }
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (!response.ok) {
      throw new Error((data && data.message) || "The server answered " + response.status + ".");
    }
    return data;
  }

  /** An element with text content (never HTML) and optional class and attributes. */
  function el(tag, text, className, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        node.setAttribute(k, attrs[k]);
      });
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function percent(share) {
    return (Math.round(share * 1000) / 10).toFixed(1) + " %";
  }

  return { loadMe: loadMe, api: api, el: el, clear: clear, percent: percent, me: function () { return me; } };
})();
