// Where the core's template problems belong in the editor's forms. The core is the one judge
// of what is wrong with a draft; each problem carries the JSON path of the field it concerns
// (e.g. `$.sections[1].items[2].weight`), and the editor shows it beside that field.
import type { TemplateProblem } from "./bindings";

/** The problems about exactly this field. */
export function problemsAt(problems: readonly TemplateProblem[], path: string): TemplateProblem[] {
  return problems.filter((p) => p.path === path);
}

/** The problems about this part of the template or anything inside it. */
export function problemsWithin(problems: readonly TemplateProblem[], path: string): TemplateProblem[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`));
}

/** The JSON path of a section, an item in it, or a sub-item of that item (indexes from 0). */
export function itemPath(section: number, item?: number, sub?: number): string {
  let path = `$.sections[${section}]`;
  if (item !== undefined) path += `.items[${item}]`;
  if (sub !== undefined) path += `.subItems[${sub}]`;
  return path;
}

/** A problem as one line: "Section 2 “Effective”, item 3 “Staffing”, weight: …". */
export function problemText(problem: TemplateProblem): string {
  const message = problem.message.charAt(0).toUpperCase() + problem.message.slice(1);
  return problem.place ? `${problem.place}: ${problem.message}` : message;
}
