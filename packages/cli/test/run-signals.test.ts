import { afterEach, describe, expect, it, vi } from "vitest";
import { stopOnSignals } from "../src/commands/run-signals.js";

// Found by a fresh-eyes session: one Ctrl-C through `./pnpmw exec taxiway run` brought SIGINT (the terminal) and
// SIGTERM (pnpm forwarding it), and the run aborted as if asked twice.
describe("stopOnSignals", () => {
  let release: (() => void) | undefined;
  afterEach(() => {
    release?.();
    vi.restoreAllMocks();
  });

  function setup() {
    const exits: number[] = [];
    vi.spyOn(process, "exit").mockImplementation(((code?: number) => {
      exits.push(code ?? 0);
    }) as typeof process.exit);
    const said: string[] = [];
    const controller = new AbortController();
    release = stopOnSignals(controller, { write: (text: string) => void said.push(text) }, 60_000);
    return { exits, said, controller };
  }

  it("SIGINT then SIGTERM (one Ctrl-C through a wrapper) is one stop: the page in flight still finishes", () => {
    const { exits, said, controller } = setup();
    process.emit("SIGINT", "SIGINT");
    process.emit("SIGTERM", "SIGTERM");
    expect(controller.signal.aborted).toBe(true);
    expect(exits).toEqual([]);
    expect(said.join("")).toMatch(/SIGTERM received too: still finishing/);
  });

  it("the same signal twice (Ctrl-C twice, a second SIGTERM) exits 1 at once", () => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const { exits, said } = setup();
      process.emit(signal, signal);
      process.emit(signal, signal);
      expect(exits).toEqual([1]);
      expect(said.join("")).toMatch(new RegExp(`ABORTED: second ${signal}`));
      release?.();
      release = undefined;
      vi.restoreAllMocks();
    }
  });
});
