/**
 * A param typed into the console (a send's param, a template preview's sample value) as the API
 * gets it: parsed JSON when it looks like an object or a list (for `{{ order.id }}`), else the text.
 */
export function paramValue(text: string): unknown {
  const t = text.trim();
  if (t.startsWith("{") || t.startsWith("[")) {
    try {
      return JSON.parse(t);
    } catch {
      return text;
    }
  }
  return text;
}
