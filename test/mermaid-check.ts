/**
 * Parses Mermaid text with mermaid itself (the library GitHub renders with). mermaid's flowchart
 * parser sanitises labels with DOMPurify, which needs a DOM: jsdom provides one, offline.
 * @mermaid-js/parser does not cover flowcharts (only the Langium-based diagram types), so it
 * cannot replace this.
 */
// jsdom ships no types and only its constructor is used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { JSDOM } = require("jsdom") as { JSDOM: new (html: string) => { window: { document: unknown } } };

type Mermaid = { parse(text: string): Promise<{ diagramType: string } | false> };

let loaded: Promise<Mermaid> | undefined;

// A real dynamic import: mermaid is ESM-only, and TypeScript's CommonJS output would turn
// `import()` into `require()`.
const importEsm = new Function("id", "return import(id)") as (id: string) => Promise<{ default: Mermaid }>;

function mermaid(): Promise<Mermaid> {
  if (!loaded) {
    const { window } = new JSDOM("<!DOCTYPE html><body></body>");
    const g = globalThis as Record<string, unknown>;
    g.window ??= window;
    g.document ??= window.document;
    loaded = importEsm("mermaid").then((m) => m.default);
  }
  return loaded;
}

/** Resolves to the diagram type; rejects with mermaid's parse error. */
export async function parseMermaid(text: string): Promise<string> {
  const result = await (await mermaid()).parse(text);
  if (!result) throw new Error("mermaid did not recognise the diagram");
  return result.diagramType;
}
