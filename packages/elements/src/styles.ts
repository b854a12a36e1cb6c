// The elements' shadow styles, themed by the same --herald-* custom properties as @herald/react's
// styles.css (custom properties cross the shadow boundary); ::part() reaches the rest.
export const STYLES = `
:host {
  --_fg: var(--herald-fg, #111827);
  --_muted: var(--herald-muted, #6b7280);
  --_bg: var(--herald-bg, #ffffff);
  --_hover: var(--herald-hover, #f3f4f6);
  --_border: var(--herald-border, #e5e7eb);
  --_accent: var(--herald-accent, #2563eb);
  --_unread-bg: var(--herald-unread-bg, #eff6ff);
  --_radius: var(--herald-radius, 8px);
  display: block;
  font-family: var(--herald-font, inherit);
  font-size: var(--herald-font-size, 14px);
  color: var(--_fg);
}
:host([hidden]) { display: none; }
button { font: inherit; cursor: pointer; }
.inbox { background: var(--_bg); }
.header { display: flex; align-items: center; justify-content: space-between; padding: 10px 12px; border-bottom: 1px solid var(--_border); }
.title { margin: 0; font-size: 1em; font-weight: 600; }
ul { margin: 0; padding: 0; list-style: none; }
li { display: flex; flex-wrap: wrap; gap: 8px; padding: 10px 12px; border-bottom: 1px solid var(--_border); }
li[data-unread] { background: var(--_unread-bg); }
.body { display: flex; flex: 1; flex-direction: column; gap: 2px; min-width: 0; padding: 0; border: 0; background: none; color: inherit; text-align: left; }
.item-title { font-weight: 600; }
.item-content { overflow-wrap: anywhere; }
time { color: var(--_muted); font-size: 0.85em; }
.actions { display: flex; flex-direction: column; gap: 4px; }
.action, .more { padding: 2px 6px; border: 0; background: none; color: var(--_accent); font-size: 0.85em; }
.action:disabled { color: var(--_muted); cursor: default; }
.more { width: 100%; padding: 10px; }
.avatar { width: 32px; height: 32px; flex-shrink: 0; border-radius: 50%; object-fit: cover; }
.image { flex-basis: 100%; max-width: 320px; aspect-ratio: 16 / 9; border-radius: 6px; object-fit: cover; }
.buttons { display: flex; flex-basis: 100%; flex-wrap: wrap; gap: 6px; }
.action-button { padding: 4px 10px; border: 1px solid var(--_border); border-radius: 6px; background: none; color: inherit; font-size: 0.85em; }
.action-button[data-style="primary"] { border-color: var(--_accent); background: var(--_accent); color: #fff; }
.empty, .error { margin: 0; padding: 16px 12px; color: var(--_muted); }
.error { color: var(--herald-error, #b91c1c); }
`;

export const BELL_STYLES = `
:host { display: inline-block; position: relative; }
.bell { position: relative; display: inline-flex; align-items: center; justify-content: center; width: 36px; height: 36px; border: 1px solid var(--_border); border-radius: 999px; background: var(--_bg); color: var(--_fg); }
.bell:hover { background: var(--_hover); }
.badge { position: absolute; top: -4px; right: -4px; min-width: 18px; height: 18px; padding: 0 5px; border-radius: 999px; background: var(--herald-badge-bg, #dc2626); color: var(--herald-badge-fg, #fff); font-size: 11px; font-weight: 600; line-height: 18px; text-align: center; box-sizing: border-box; }
.popover { position: absolute; right: 0; z-index: 1000; margin-top: 8px; width: var(--herald-popover-width, 360px); max-height: var(--herald-popover-max-height, 480px); overflow: auto; border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg); box-shadow: var(--herald-shadow, 0 10px 30px rgb(0 0 0 / 0.15)); }
`;
