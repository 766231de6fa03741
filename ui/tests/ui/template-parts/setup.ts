// What the test-only page mounts, set by template-parts.test.ts as `window.__PART__`.
import type { Template, TemplateProblem } from "../../../src/lib/bindings";

/** Which part to mount and with what. */
export interface PartSetup {
  part: "preview" | "compare" | "rules";
  template?: Template;
  problems?: TemplateProblem[];
  templateId?: string;
  versions?: string[];
  draftId?: number;
}

declare global {
  interface Window {
    __PART__: PartSetup;
    /** What the part told its parent: "change" for each `onchange`, "close" for `onclose`. */
    __PART_EVENTS__: string[];
  }
}
