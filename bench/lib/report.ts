import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResultRow, Scenario } from './scenario.js';

export interface ScenarioReport {
  scenario: string;
  description: string;
  startedAt: string;
  environment: Record<string, string | number>;
  rows: ResultRow[];
  notes: string[];
}

const columnsOf = (rows: readonly ResultRow[]) => [...new Set(rows.flatMap((row) => Object.keys(row)))];
const cell = (value: ResultRow[string] | undefined) =>
  value === null || value === undefined ? '—' : String(value);

/** A fixed-width table for the terminal. */
export function formatTable(rows: readonly ResultRow[]): string {
  const columns = columnsOf(rows);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row[column]).length)),
  );
  const line = (values: string[]) => values.map((value, i) => value.padStart(widths[i]!)).join('  ');
  return [
    line(columns),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row) => line(columns.map((c) => cell(row[c])))),
  ].join('\n');
}

function markdown(report: ScenarioReport): string {
  const columns = columnsOf(report.rows);
  const environment = Object.entries(report.environment)
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ');
  return [
    `# ${report.scenario}`,
    '',
    report.description,
    '',
    `Run ${report.startedAt} (${environment}).`,
    '',
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...report.rows.map((row) => `| ${columns.map((column) => cell(row[column])).join(' | ')} |`),
    '',
    ...report.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}

/** bench/results/<scenario>.json and .md: the latest run of each scenario, kept beside the others. */
export async function writeReport(
  directory: string,
  scenario: Scenario,
  report: ScenarioReport,
): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const files = [join(directory, `${scenario.name}.json`), join(directory, `${scenario.name}.md`)];
  await writeFile(files[0]!, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(files[1]!, markdown(report));
  return files;
}
