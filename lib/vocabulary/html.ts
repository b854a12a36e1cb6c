// HTML escaping as the template engine writes it (liquidjs's `escape`: five entities), and its exact
// inverse: text a template stored HTML-escaped is shown, or sent as plain text, as it was typed.

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&#34;",
  "'": "&#39;",
};
const UNESCAPES: Record<string, string> = Object.fromEntries(
  Object.entries(ESCAPES).map(([char, entity]) => [entity, char]),
);
const ESCAPED = /[&<>"']/g;
// One pass, so an entity that was itself escaped (`&amp;lt;`) comes back as typed (`&lt;`).
const ENTITY = /&(?:amp|lt|gt|#34|#39);/g;

export function escapeHtml(text: string): string {
  return text.replace(ESCAPED, (c) => ESCAPES[c]!);
}

/** Undoes escapeHtml exactly; other entities stay as they are. */
export function unescapeHtml(html: string): string {
  return html.replace(ENTITY, (e) => UNESCAPES[e]!);
}
