// The runner: source → decode → extract → filter → sinks → checkpoint (issue 6).
export {};
