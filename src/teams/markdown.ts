// Teams runs card TextBlock text and FactSet facts (and plain message text) through its markdown
// subset: bold/italic (* _), strike (~), lists (- + 1. at a line start), links ([a](b), <url>).
// https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-format
// Whatever a person typed or the directory holds is shown as typed: a backslash before each such
// character is CommonMark's literal escape. The pass never takes this path: it is a RichTextBlock
// TextRun, which no client runs through markdown.

/** Characters that start or end markdown inline syntax anywhere in a line, plus the escape itself. */
const INLINE = /[\\`*_~[\]<>&]/g;
/** Block syntax only counts at the start of a line: lists, headings, quotes, numbered lists. */
const LINE_START = /^(\s*)([-+#>]|\d+(?=[.)]))/gm;

export function escapeMarkdown(text: string): string {
  return text
    .replace(INLINE, (c) => `\\${c}`)
    .replace(LINE_START, (_m, space: string, mark: string) => (/\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`));
}

/** The reverse: text as a person reads it (a plain-text summary, or a test reading a card). */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\`*_~[\]<>&\-+#>.)])/g, '$1');
}

/**
 * Escapes every markdown-rendered string of an expanded card in place: TextBlock text and fact
 * titles and values. Templates therefore carry no markdown of their own (bold is a TextRun's weight).
 */
export function escapeCardMarkdown(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(escapeCardMarkdown);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.type === 'TextBlock' && typeof o.text === 'string') o.text = escapeMarkdown(o.text);
  if (Array.isArray(o.facts)) {
    for (const fact of o.facts as Array<Record<string, unknown>>) {
      if (typeof fact.title === 'string') fact.title = escapeMarkdown(fact.title);
      if (typeof fact.value === 'string') fact.value = escapeMarkdown(fact.value);
    }
  }
  for (const [key, value] of Object.entries(o)) if (key !== 'facts' && value && typeof value === 'object') escapeCardMarkdown(value);
}
