// Builds static/dist/portal.css from GOV.UK Frontend's Sass and copies the self-hosted
// scripts and images the pages use into static/vendor/. Run by `npm run build`.
import * as sass from "sass";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { NodePackageImporter } from "sass";

const root = new URL("../", import.meta.url).pathname;
const govuk = `${root}node_modules/govuk-frontend/dist/govuk/`;

mkdirSync(`${root}static/dist`, { recursive: true });
const result = sass.compile(`${root}static/src/portal.scss`, {
  style: "compressed",
  importers: [new NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${root}static/dist/portal.css`, result.css);

mkdirSync(`${root}static/vendor/govuk/assets/images`, { recursive: true });
cpSync(`${govuk}govuk-frontend.min.js`, `${root}static/vendor/govuk/govuk-frontend.min.js`);
for (const image of ["favicon.ico", "favicon.svg"]) {
  cpSync(`${govuk}assets/images/${image}`, `${root}static/vendor/govuk/assets/images/${image}`);
}
cpSync(`${root}node_modules/htmx.org/dist/htmx.min.js`, `${root}static/vendor/htmx.min.js`);
console.log("assets built: static/dist/portal.css, static/vendor/");
