/** Rows padded to each column's widest cell, two spaces apart; the columns `rightAligned` picks (numbers) are right-aligned. */
export function formatTable(rows: string[][], rightAligned: (column: number) => boolean = () => false): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) => row.map((cell, column) => (rightAligned(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd())
    .join('\n');
}
