import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** The documentation a person reads: the README and every page of docs/, as paths from the root. */
export function docFiles(): string[] {
  const pages = readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...pages];
}

export function readDoc(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8');
}

/** A fenced code block: its info string (`console`, `sh`, ...), its lines (less the fence's indent), and where it starts. */
export interface Block {
  readonly lang: string;
  readonly lines: readonly string[];
  /** 1-based line of the opening fence. */
  readonly line: number;
}

/** The fenced blocks of a markdown text, in order; a fence may be indented (inside a list item). */
export function codeBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)```(\S*)/.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = open[1] ?? '';
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !(lines[j] ?? '').startsWith(`${indent}\`\`\``); j++) body.push((lines[j] ?? '').slice(indent.length));
    blocks.push({ lang: open[2] ?? '', lines: body, line: i + 1 });
    i = j;
  }
  return blocks;
}

/** A shown command and the output shown after it. */
export interface Example {
  readonly command: string;
  readonly expected: string;
  /** 1-based line of the command in its file. */
  readonly line: number;
}

/**
 * The commands of a `console` block: a line starting with `$ ` begins one; it goes on over the next lines while
 * a quote is open or a line ends with `\`; the lines after it, up to the next `$ ` or the block's end, are its
 * output.
 */
export function examples(block: Block): Example[] {
  const found: Example[] = [];
  const { lines } = block;
  let i = 0;
  while (i < lines.length && !(lines[i] ?? '').startsWith('$ ')) i++;
  while (i < lines.length) {
    const line = block.line + 1 + i;
    const command = [(lines[i] ?? '').slice(2)];
    i++;
    while (!commandComplete(command.join('\n')) && i < lines.length) command.push(lines[i++] ?? '');
    const output: string[] = [];
    while (i < lines.length && !(lines[i] ?? '').startsWith('$ ')) output.push(lines[i++] ?? '');
    found.push({ command: command.join('\n'), expected: output.join('\n'), line });
  }
  return found;
}

/** Whether a shell command's text is whole: no quote left open, no line continued with `\`. */
export function commandComplete(text: string): boolean {
  let quote: '' | "'" | '"' = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = '';
    } else if (c === '\\') {
      if (i === text.length - 1) return false;
      i++;
    } else if (quote === '"') {
      if (c === '"') quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
    }
  }
  return quote === '';
}

/** The markdown tables of a text: each a list of rows of cells, its header row first (the `---` row left out). */
export function tables(text: string): string[][][] {
  const found: string[][][] = [];
  let current: string[][] | null = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      current = null;
      continue;
    }
    if (/^\|[\s|:-]+\|$/.test(line)) continue;
    const cells = line
      .slice(1, line.endsWith('|') ? -1 : undefined)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    if (current === null) {
      current = [];
      found.push(current);
    }
    current.push(cells);
  }
  return found;
}
