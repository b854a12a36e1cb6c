// @herald/elements: importing it defines <herald-inbox> and <herald-bell> (once per page).
import { HeraldBellElement, HeraldInboxElement } from "./elements.ts";

export { HeraldBellElement, HeraldInboxElement };
export type { HeraldAction, HeraldActionDetail } from "./inbox-view.ts";

if (typeof customElements !== "undefined") {
  if (!customElements.get("herald-inbox")) customElements.define("herald-inbox", HeraldInboxElement);
  if (!customElements.get("herald-bell")) customElements.define("herald-bell", HeraldBellElement);
}
