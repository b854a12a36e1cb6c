// Announcement content is stored as the Markdown an admin wrote and rendered to safe HTML on the way out.
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

// Our own instance: options set on marked's global one would leak into other users of the module.
const marked = new Marked({ gfm: true, breaks: false, async: false });

// An allow-list (not a block-list): what Markdown can produce, minus anything that runs or loads.
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "del",
    "s",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "input",
  ],
  allowedAttributes: {
    // rel and target are set by transformTags below, whatever the author wrote.
    a: ["href", "title", "rel", "target"],
    img: ["src", "alt", "title"],
    code: ["class"],
    th: ["align"],
    td: ["align"],
    ol: ["start"],
    input: ["type", "checked", "disabled"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["https"] },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowProtocolRelative: false,
  // Only GFM task-list checkboxes survive, and never as live form fields.
  exclusiveFilter: (frame) => frame.tag === "input" && frame.attribs.type !== "checkbox",
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: "noopener noreferrer nofollow", target: "_blank" },
    }),
    input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: "" } }),
  },
};

/** Markdown to HTML that is safe to put in a page: scripts, handlers and javascript: links removed. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html, SANITIZE);
}
