// A host app outside Herald: its own header with Herald's bell, its inbox, preferences and live toasts.
// The Herald server and the user's subscriber token come from the page's query
// (?herald=http://localhost:3000&token=…) or from VITE_HERALD_URL / VITE_HERALD_TOKEN; a real app
// would fetch the token from its backend (getToken) instead.
import { Bell, HeraldProvider, Inbox, Preferences, Toasts } from "@herald/react";
import "@herald/react/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./app.css";

const query = new URLSearchParams(location.search);
const baseUrl = query.get("herald") ?? import.meta.env.VITE_HERALD_URL ?? "http://localhost:3000";
const token = query.get("token") ?? import.meta.env.VITE_HERALD_TOKEN;

function App() {
  if (!token)
    return (
      <main className="app-main">
        <p>
          Pass a subscriber token: <code>?token=…</code> (mint one with{" "}
          <code>POST /api/v1/users/&#123;user_id&#125;/token</code>).
        </p>
      </main>
    );
  return (
    <HeraldProvider baseUrl={baseUrl} token={token}>
      <header className="app-header">
        <strong>Acme</strong>
        <Bell />
      </header>
      <main className="app-main">
        <Inbox title="Your inbox" />
      </main>
      <aside className="app-main">
        <Preferences channels={["email", "sms", "push"]} />
      </aside>
      <Toasts />
    </HeraldProvider>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
