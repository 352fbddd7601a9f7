export { driveModel, type ModelOutcome, type ModelRun } from "./drive.js";
export { HABIT_SWITCHES, type ServerHabits, SPEC_HABITS, tokensAreBroken } from "./habits.js";
export { EXPIRE_EVERY, RequestBudgetExceeded, SimulatedTaxiiServer } from "./simulated-server.js";
