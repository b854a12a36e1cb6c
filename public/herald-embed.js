/*
 * Herald embed: shows Herald's bell (or the full inbox) in any page, for a user of the host app
 * that has a subscriber token (POST /api/v1/users/:user_id/token, minted by the host's backend).
 *
 *   <div id="herald-bell"></div>
 *   <script src="https://herald.example.com/herald-embed.js"></script>
 *   <script>
 *     const bell = HeraldEmbed.mount("#herald-bell", { token: "<subscriber token>" });
 *     // later, before it expires: bell.setToken(newToken)
 *   </script>
 *
 * Options: token (required), view ("bell" | "inbox", default "bell"), align ("right" | "left"),
 * width/height (inbox view), onUnreadCount(count), onNavigate(url) (default: follow the link),
 * onAction({ notification, action }) (an action button without a URL), onError(message). The
 * element also gets "herald:unread", "herald:action" and "herald:error" DOM events.
 */
(function () {
  "use strict";
  var current = document.currentScript;
  var scriptOrigin = current && current.src ? new URL(current.src).origin : window.location.origin;

  var BELL = { width: 44, height: 44 };
  var OPEN = { width: 400, height: 560 };
  var INBOX = { width: 440, height: 640 };

  function px(n) {
    return n + "px";
  }

  function mount(target, options) {
    var el = typeof target === "string" ? document.querySelector(target) : target;
    if (!el) throw new Error("HeraldEmbed: no element " + target);
    var opts = options || {};
    if (!opts.token) throw new Error("HeraldEmbed: a subscriber token is required");
    var origin = (opts.origin || scriptOrigin).replace(/\/+$/, "");
    var view = opts.view === "inbox" ? "inbox" : "bell";
    var side = opts.align === "left" ? "left" : "right";

    var frame = document.createElement("iframe");
    frame.src = origin + "/embed/inbox?view=" + view + "&token=" + encodeURIComponent(opts.token);
    frame.title = view === "bell" ? "Notifications" : "Notification inbox";
    frame.setAttribute("referrerpolicy", "no-referrer");
    frame.style.border = "0";
    frame.style.background = "transparent";
    frame.style.colorScheme = "normal";

    if (view === "bell") {
      el.style.position = "relative";
      el.style.display = "inline-block";
      el.style.width = px(BELL.width);
      el.style.height = px(BELL.height);
      frame.style.position = "absolute";
      frame.style.top = "0";
      frame.style[side] = "0";
      frame.style.zIndex = "2147483000";
      size(BELL);
    } else {
      frame.style.width = opts.width || "100%";
      frame.style.height = opts.height || px(INBOX.height);
    }
    el.appendChild(frame);

    function size(s) {
      frame.style.width = px(Math.min(s.width, window.innerWidth - 16));
      frame.style.height = px(Math.min(s.height, window.innerHeight - 16));
    }

    function emit(name, detail) {
      el.dispatchEvent(new CustomEvent(name, { detail: detail }));
    }

    function navigate(url, external) {
      var target;
      try {
        // Relative links are the host app's own pages.
        target = new URL(url, window.location.href);
      } catch {
        return;
      }
      if (target.protocol !== "http:" && target.protocol !== "https:") return;
      if (opts.onNavigate) return opts.onNavigate(target.href);
      if (external && target.origin !== window.location.origin)
        window.open(target.href, "_blank", "noopener");
      else window.location.assign(target.href);
    }

    function onMessage(e) {
      if (e.source !== frame.contentWindow || e.origin !== origin) return;
      var m = e.data || {};
      if (m.type === "herald:resize" && view === "bell") {
        if (m.view === "inbox") size(INBOX);
        else size(m.open ? OPEN : BELL);
      } else if (m.type === "herald:unread" && typeof m.count === "number") {
        if (opts.onUnreadCount) opts.onUnreadCount(m.count);
        emit("herald:unread", { count: m.count });
      } else if (m.type === "herald:navigate" && typeof m.url === "string") {
        navigate(m.url, Boolean(m.external));
      } else if (m.type === "herald:action" && m.action && m.notification) {
        var detail = { notification: m.notification, action: m.action };
        if (opts.onAction) opts.onAction(detail);
        emit("herald:action", detail);
      } else if (m.type === "herald:error") {
        if (view === "bell") size({ width: 320, height: 140 });
        if (opts.onError) opts.onError(m.message);
        emit("herald:error", { message: m.message });
        if (window.console) window.console.error("[herald] " + m.message);
      }
    }

    // A click elsewhere in the host page closes the dropdown, as it would inside Herald.
    function onPointerDown(e) {
      if (e.target !== frame && frame.contentWindow)
        frame.contentWindow.postMessage({ type: "herald:close" }, origin);
    }

    window.addEventListener("message", onMessage);
    document.addEventListener("pointerdown", onPointerDown);

    return {
      frame: frame,
      setToken: function (token) {
        if (frame.contentWindow)
          frame.contentWindow.postMessage({ type: "herald:token", token: token }, origin);
      },
      destroy: function () {
        window.removeEventListener("message", onMessage);
        document.removeEventListener("pointerdown", onPointerDown);
        frame.remove();
      },
    };
  }

  window.HeraldEmbed = { mount: mount };
})();
