// A test-only page that mounts one part of the template editor (the preview, the version
// comparison or the template-wide rules) on its own, as the editor embeds it, so
// template-parts.test.ts can drive it with mocked IPC. Built by that test into a temporary
// folder; never part of ui/dist.
import { mount } from "svelte";
import "../../../src/styles.scss";
import Parts from "./Parts.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("the page has no #app element");
export default mount(Parts, { target });
