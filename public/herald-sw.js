/*
 * Herald's service worker: shows Web Push notifications (payload from lib/delivery/providers/webpush.ts:
 * {title, body, url?, tag}) and opens their link when clicked.
 */
self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: "Herald", body: event.data ? event.data.text() : "" };
  }
  var title = typeof data.title === "string" && data.title ? data.title : "New notification";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === "string" ? data.body : "",
      tag: typeof data.tag === "string" ? data.tag : undefined,
      data: { url: typeof data.url === "string" ? data.url : "/inbox" },
    }),
  );
});

/** Only http(s) links, and relative ones on Herald's own origin, are opened. */
function safeUrl(raw) {
  try {
    var url = new URL(raw, self.location.origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target =
    safeUrl((event.notification.data && event.notification.data.url) || "/inbox") ||
    self.location.origin + "/inbox";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === target && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(target);
    }),
  );
});
