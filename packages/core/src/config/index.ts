// Job config: schema assembly, YAML loading with line numbers, interpolation (issue 6).
export {};
