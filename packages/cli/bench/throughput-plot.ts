// The README's plot: throughput (objects/s) against collection size, one line per contender, as a plain SVG
// written from the bench's own figures (no plotting dependency). Log-scaled x axis (sizes span decades).

export interface Series {
  name: string;
  color: string;
  /** [collection size, objects/s] */
  points: Array<[number, number]>;
}

/** 10000 → "10k", 1000000 → "1M": the x-axis ticks of a range that spans decades. */
export function sizeLabel(size: number): string {
  if (size >= 1_000_000) return `${Number((size / 1_000_000).toPrecision(3))}M`;
  if (size >= 1000) return `${Number((size / 1000).toPrecision(3))}k`;
  return String(size);
}

export function throughputSvg(series: Series[], title: string): string {
  const width = 640;
  const height = 360;
  const left = 70;
  const right = 160;
  const top = 40;
  const bottom = 50;
  const all = series.flatMap((s) => s.points);
  const sizes = all.map(([size]) => size);
  const [minX, maxX] = [Math.min(...sizes), Math.max(...sizes)];
  const maxY = Math.max(...all.map(([, rate]) => rate)) * 1.1;
  const x = (size: number) =>
    left +
    (maxX === minX ? 0.5 : (Math.log10(size) - Math.log10(minX)) / (Math.log10(maxX) - Math.log10(minX))) *
      (width - left - right);
  const y = (rate: number) => height - bottom - (rate / maxY) * (height - top - bottom);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12" role="img">`,
    `<title>${title}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2 - right / 2 + left / 2}" y="22" text-anchor="middle" font-size="14">${title}</text>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="black"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="black"/>`,
    `<text x="${(left + width - right) / 2}" y="${height - 12}" text-anchor="middle">indicators in the collection (log scale)</text>`,
    `<text x="16" y="${(top + height - bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(top + height - bottom) / 2})">objects/s</text>`,
  ];
  for (const size of [...new Set(sizes)].sort((a, b) => a - b))
    parts.push(
      `<text x="${x(size)}" y="${height - bottom + 16}" text-anchor="middle">${sizeLabel(size)}</text>`,
    );
  for (let i = 0; i <= 4; i++) {
    const rate = (maxY / 4) * i;
    parts.push(
      `<line x1="${left}" y1="${y(rate)}" x2="${width - right}" y2="${y(rate)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${y(rate) + 4}" text-anchor="end">${Math.round(rate).toLocaleString("en-US")}</text>`,
    );
  }
  series.forEach((s, index) => {
    const points = [...s.points].sort((a, b) => a[0] - b[0]);
    parts.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points.map(([size, rate]) => `${x(size).toFixed(1)},${y(rate).toFixed(1)}`).join(" ")}"/>`,
      ...points.map(
        ([size, rate]) =>
          `<circle cx="${x(size).toFixed(1)}" cy="${y(rate).toFixed(1)}" r="3" fill="${s.color}"/>`,
      ),
      `<rect x="${width - right + 14}" y="${top + index * 20}" width="12" height="12" fill="${s.color}"/>`,
      `<text x="${width - right + 32}" y="${top + index * 20 + 10}">${s.name}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
