/** `1 page`, `2 pages`; `plural(3, "IOC")` → `3 IOCs`. */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : many}`;
}
