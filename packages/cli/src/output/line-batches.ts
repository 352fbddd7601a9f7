import { StringDecoder } from "node:string_decoder";

const BREAK = /\r\n|\r|\n/;

/**
 * The lines of a stream, one array per chunk read (the lines that chunk completed), split as `readline` splits them
 * with `crlfDelay: Infinity`: on LF, CR LF and a lone CR; no empty line after a final line break. A consumer handles
 * a chunk's lines and writes its answers in one write, then waits for the next chunk: batched output for a pipe,
 * an answer per line at once for a line typed at a terminal. UTF-8 characters split across chunks are decoded whole;
 * a UTF-8 byte order mark at the start is dropped.
 */
export async function* lineBatches(input: NodeJS.ReadableStream): AsyncGenerator<string[]> {
  const decoder = new StringDecoder("utf8");
  let carry = "";
  let first = true;
  for await (const chunk of input) {
    let text = carry + (typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer));
    // A byte order mark (Windows exports) starts the stream, not the first line's text.
    if (first && text !== "") {
      if (text.startsWith("\uFEFF")) text = text.slice(1);
      first = false;
    }
    // A CR at the very end may be the first half of CR LF: keep it for the next chunk.
    const cut = text.endsWith("\r") ? text.length - 1 : text.length;
    const parts = text.includes("\r") ? text.slice(0, cut).split(BREAK) : text.split("\n");
    carry = (parts.pop() as string) + text.slice(cut);
    if (parts.length > 0) yield parts;
  }
  const rest = carry + decoder.end();
  if (rest === "") return;
  const parts = rest.split(BREAK);
  if (parts.at(-1) === "") parts.pop();
  if (parts.length > 0) yield parts;
}

/** Writes `text` and, when the stream's buffer is full, waits until it drains (memory stays bounded by one batch). */
export function writeDrained(out: NodeJS.WritableStream, text: string): Promise<void> | undefined {
  if (out.write(text)) return undefined;
  return new Promise((resolve) => out.once("drain", () => resolve()));
}
