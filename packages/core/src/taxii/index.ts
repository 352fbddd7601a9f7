export type { Page, PageSource } from "./page.js";
