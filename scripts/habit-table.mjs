// Prints the README's table of TAXII server habits and what taxiway does about each, generated from the
// switches of the testkit's simulated server (packages/testkit/src/taxii-model). `pnpm habit-table`; the test
// test/taxii/habit-table.test.ts fails when README.md and this output differ.
import { habitTable } from "../packages/testkit/dist/fixtures.js";

process.stdout.write(habitTable());
