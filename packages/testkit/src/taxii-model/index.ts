export { driveModel, type ModelOutcome, type ModelRun } from "./drive.js";
export { HABIT_RESPONSES, habitTable } from "./habit-table.js";
export { HABIT_SWITCHES, type ServerHabits, SPEC_HABITS, tokensAreBroken } from "./habits.js";
export {
  allowedStrategies,
  checkScenario,
  expectedStrategy,
  type PagingScenario,
  reachable,
} from "./properties.js";
export { EXPIRE_EVERY, RequestBudgetExceeded, SimulatedTaxiiServer } from "./simulated-server.js";
