export type * from "./ast.js";
export { PatternSyntaxError } from "./errors.js";
export { MAX_NESTING, parsePattern } from "./parser.js";
export { printLiteral, printPath, printPattern } from "./printer.js";
export { vocabularyProblem } from "./vocabulary.js";
