// <herald-inbox> and <herald-bell>: custom elements with shadow DOM over @herald/js. Attributes:
// `base-url` (the Herald server), `token` (a subscriber token), `page-size`, `live="false"` (no
// socket); the `getToken` property takes a refresher instead of a fixed token.
import { acquireSession, type Session } from "./session.ts";
import { mountInboxView } from "./inbox-view.ts";
import { BELL_STYLES, STYLES } from "./styles.ts";

const ATTRIBUTES = ["base-url", "token", "page-size", "live"];

abstract class HeraldElement extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  protected session: Session | null = null;
  private refresher: (() => string | Promise<string>) | undefined;
  private isScheduled = false;
  protected readonly root: ShadowRoot;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
  }

  /** Asked for a subscriber token on every connect and after the API refuses one as expired. */
  get getToken(): (() => string | Promise<string>) | undefined {
    return this.refresher;
  }
  set getToken(value: (() => string | Promise<string>) | undefined) {
    this.refresher = value;
    this.schedule();
  }

  connectedCallback(): void {
    this.schedule();
  }
  disconnectedCallback(): void {
    this.stop();
  }
  attributeChangedCallback(): void {
    if (this.isConnected) this.schedule();
  }

  protected abstract start(session: Session): void;
  protected abstract stopView(): void;

  /** Attributes and properties set together (as frameworks do) start one session, not several. */
  private schedule(): void {
    if (this.isScheduled) return;
    this.isScheduled = true;
    queueMicrotask(() => {
      this.isScheduled = false;
      this.stop();
      if (!this.isConnected) return;
      const baseUrl = this.getAttribute("base-url") ?? location.origin;
      const token = this.getAttribute("token") ?? undefined;
      if (!token && !this.refresher) return; // nothing to act with yet
      this.session = acquireSession({
        baseUrl,
        token,
        getToken: this.refresher,
        pageSize: Number(this.getAttribute("page-size")) || 20,
        live: this.getAttribute("live") !== "false",
      });
      this.start(this.session);
    });
  }

  private stop(): void {
    this.stopView();
    this.session?.release();
    this.session = null;
  }
}

export class HeraldInboxElement extends HeraldElement {
  private unmount: (() => void) | null = null;

  protected start(session: Session): void {
    const style = document.createElement("style");
    style.textContent = STYLES;
    const container = document.createElement("div");
    this.root.replaceChildren(style, container);
    this.unmount = mountInboxView(container, session, this);
  }
  protected stopView(): void {
    this.unmount?.();
    this.unmount = null;
  }
}

const BELL_ICON =
  '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2"><path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9"/><path d="M10.3 21a1.94 1.94 0 0 0 3.4 0"/></svg>';

export class HeraldBellElement extends HeraldElement {
  private unsubscribe: (() => void) | null = null;
  private unmount: (() => void) | null = null;
  private readonly closeOnOutside = (event: Event) => {
    if (event instanceof KeyboardEvent ? event.key === "Escape" : !event.composedPath().includes(this))
      this.setOpen(false);
  };

  get open(): boolean {
    return this.hasAttribute("open");
  }

  protected start(session: Session): void {
    const style = document.createElement("style");
    style.textContent = STYLES + BELL_STYLES;
    const bell = document.createElement("button");
    bell.type = "button";
    bell.className = "bell";
    bell.setAttribute("part", "button");
    bell.innerHTML = BELL_ICON; // a constant, never data
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.setAttribute("part", "badge");
    bell.append(badge);
    const popover = document.createElement("div");
    popover.className = "popover";
    popover.setAttribute("part", "popover");
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-label", "Notifications");
    popover.hidden = true;
    bell.addEventListener("click", () => this.setOpen(!this.open));
    this.root.replaceChildren(style, bell, popover);
    const draw = () => {
      const count = session.state.unreadCount ?? 0;
      badge.hidden = count === 0;
      badge.textContent = count > 99 ? "99+" : String(count);
      bell.setAttribute("aria-label", count ? `Notifications, ${count} unread` : "Notifications");
      bell.setAttribute("aria-expanded", String(this.open));
      popover.hidden = !this.open;
      if (this.open && !this.unmount) this.unmount = mountInboxView(popover, session, this);
      if (!this.open && this.unmount) {
        this.unmount();
        this.unmount = null;
        popover.replaceChildren();
      }
    };
    this.redraw = draw;
    draw();
    this.unsubscribe = session.subscribe(draw);
  }

  private redraw: () => void = () => {};

  private setOpen(isOpen: boolean): void {
    if (isOpen === this.open) return;
    this.toggleAttribute("open", isOpen);
    if (isOpen) {
      document.addEventListener("pointerdown", this.closeOnOutside);
      document.addEventListener("keydown", this.closeOnOutside);
    } else {
      document.removeEventListener("pointerdown", this.closeOnOutside);
      document.removeEventListener("keydown", this.closeOnOutside);
    }
    this.redraw();
  }

  protected stopView(): void {
    this.setOpen(false);
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.unmount?.();
    this.unmount = null;
    this.redraw = () => {};
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "herald-inbox": HeraldInboxElement;
    "herald-bell": HeraldBellElement;
  }
  interface HTMLElementEventMap {
    "herald-action": CustomEvent<import("./inbox-view.ts").HeraldActionDetail>;
  }
}
