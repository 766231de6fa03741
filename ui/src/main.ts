import { mount } from "svelte";
import "./styles.scss";
import App from "./App.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("the page has no #app element");
export default mount(App, { target });
