import { driveModel, type ModelOutcome, type ModelRun } from "./drive.js";
import { type ServerHabits, tokensAreBroken } from "./habits.js";
import { EXPIRE_EVERY, RequestBudgetExceeded, SimulatedTaxiiServer } from "./simulated-server.js";

/** One drawn case: a server's habits, the job's page size, and the runs (batches added, interruptions). */
export interface PagingScenario {
  habits: ServerHabits;
  pageSize: number;
  runs: ModelRun[];
}

/** The strategy a server with these habits leaves taxiway with. */
export function expectedStrategy(habits: ServerHabits): "header" | "manifest" | "seen-index" {
  const headerWorks = ["present", "odd"].includes(habits.headers) && habits.addedAfter !== "ignored";
  if (headerWorks) return "header";
  return habits.manifest ? "manifest" : "seen-index";
}

/**
 * What the summary may name: a missing or garbage header shows on the first page; a header moving back or an
 * ignored added_after only once the server shows it (a single page may not).
 */
export function allowedStrategies(habits: ServerHabits): string[] {
  const expected = expectedStrategy(habits);
  if (habits.headers === "absent" || habits.headers === "garbage") return [expected];
  return expected === "header" ? ["header"] : ["header", expected];
}

/**
 * Whether any client can reach every object: broken tokens never get past the first page; without a token, a
 * tie block larger than the page cap is out of reach unless the manifest holds it in one page; a server saying
 * `more: false` early on such a block looks like the end of the collection; tokens that expire before a walk
 * ends restart it from its beginning.
 */
export function reachable(
  habits: ServerHabits,
  largestTie: number,
  pageSize: number,
  total: number,
): boolean {
  const strategy = expectedStrategy(habits);
  if (habits.rangePaging) return habits.more === "honest" || strategy !== "seen-index";
  if (tokensAreBroken(habits)) return false;
  if (habits.more === "early" && largestTie > habits.pageCap) return false;
  if (
    (habits.more === "early" || habits.tokens === "none") &&
    habits.addedAfter === "ignored" &&
    total > habits.pageCap
  )
    return false;
  if (strategy === "seen-index" && (habits.more === "early" || habits.tokens === "none")) return false;
  if (habits.tokens === "none" && largestTie > habits.pageCap)
    return habits.manifest && habits.pageCap >= largestTie;
  const walk = habits.addedAfter === "ignored" || strategy === "seen-index" ? total : largestTie;
  if (habits.tokens === "expiring" && walk > (EXPIRE_EVERY - 1) * Math.min(habits.pageCap, pageSize))
    return false;
  return true;
}

/**
 * Plays a scenario (with three quiet runs at the end) and returns the first property it breaks, or undefined:
 * the runs terminate; nothing is delivered twice (except, once, what a date cursor delivered before a
 * seen-index took over on a server without a manifest); every reachable object is delivered; unreachable ones
 * are reported (a stall, or the `more: true on an empty page` habit); the summary names an expected strategy.
 */
export async function checkScenario(scenario: PagingScenario): Promise<string | undefined> {
  const server = new SimulatedTaxiiServer(scenario.habits, 20_000);
  const runs = [...scenario.runs, { addBefore: [] }, { addBefore: [] }, { addBefore: [] }];
  let outcome: ModelOutcome;
  try {
    outcome = await driveModel(server, runs, { pageSize: scenario.pageSize });
  } catch (error) {
    if (error instanceof RequestBudgetExceeded) return "did not terminate (request budget exceeded)";
    throw error;
  }
  const last = outcome.summaries.at(-1);
  const twice = [...outcome.delivered].filter(([, n]) => n > 1);
  const tookOver =
    last?.strategy === "seen-index" && !["absent", "garbage"].includes(scenario.habits.headers);
  if (twice.length > 0 && (!tookOver || twice.some(([, n]) => n > 2)))
    return `delivered more than once: ${twice.map(([key, n]) => `${key} ×${n}`).join(", ")}`;
  for (const summary of outcome.summaries)
    if (!["header", "manifest", "seen-index"].includes(summary.strategy ?? ""))
      return `the summary names no strategy (${summary.strategy})`;
  const missing = server.keys().filter((key) => !outcome.delivered.has(key));
  const reported = outcome.summaries.some(
    (summary) => (summary.stalled ?? 0) > 0 || (summary.server_habits?.["more-on-empty"] ?? 0) > 0,
  );
  if (missing.length > 0) {
    if (reachable(scenario.habits, server.largestTieBlock(), scenario.pageSize, server.keys().length))
      return `never delivered: ${missing.length} of ${server.keys().length}`;
    if (!reported && scenario.habits.more !== "early")
      return `${missing.length} unreachable objects, and the summary says nothing`;
  }
  if (outcome.delivered.size > 0 && !tokensAreBroken(scenario.habits)) {
    const allowed = allowedStrategies(scenario.habits);
    if (!allowed.includes(last?.strategy ?? ""))
      return `strategy ${last?.strategy}, expected ${allowed.join(" or ")}`;
  }
  return undefined;
}
