// Announcement content is stored as the Markdown an admin wrote and rendered to safe HTML on the way out.
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

// Our own instance: options set on marked's global one would leak into other users of the module.
const marked = new Marked({ gfm: true, breaks: false, async: false });

const LINK_REL = "noopener noreferrer nofollow";
// Relative sources resolve against this stand-in for Herald's own origin.
const SELF = "https://herald.invalid";

/** `cdn.example.com` allows that host, `*.example.com` its subdomains (not example.com itself). */
export function isImageHostAllowed(hostname: string, allowed: readonly string[]): boolean {
  const host = hostname.toLowerCase();
  return allowed.some((entry) =>
    entry.startsWith("*.") ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : host === entry,
  );
}

/** Whether an image may load: Herald's own (relative) images, or https on an allowed host. */
function isImageAllowed(src: string | undefined, hosts: readonly string[]): boolean {
  if (!src) return false;
  let url: URL;
  try {
    url = new URL(src, SELF);
  } catch {
    return false;
  }
  if (url.origin === SELF) return true;
  return url.protocol === "https:" && url.port === "" && isImageHostAllowed(url.hostname, hosts);
}

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
      attribs: { ...attribs, rel: LINK_REL, target: "_blank" },
    }),
    input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: "" } }),
  },
};

export type RenderOptions = {
  /** Hosts remote images may load from (MARKDOWN_IMAGE_HOSTS); any other image becomes a link. */
  imageHosts?: readonly string[];
};

/**
 * Markdown to HTML that is safe to put in a page: scripts, handlers and javascript: links removed,
 * and no image from a host the operator has not allowed (a remote image tells its host who read
 * the announcement, and when).
 */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): string {
  const hosts = options.imageHosts ?? [];
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html, {
    ...SANITIZE,
    transformTags: {
      ...SANITIZE.transformTags,
      img: (tagName, attribs) =>
        isImageAllowed(attribs.src, hosts)
          ? { tagName, attribs }
          : {
              tagName: "a",
              attribs: { href: attribs.src ?? "", rel: LINK_REL, target: "_blank" },
              text: attribs.alt || attribs.src || "image",
            },
    },
  });
}
