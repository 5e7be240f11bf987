// Builds static/dist/portal.css from GOV.UK Frontend's Sass and copies the self-hosted
// scripts and images the pages use into static/vendor/. Run by `npm run build`.
//
// The stylesheet and scripts the pages load are also written under fingerprinted names
// (name.<first 12 hex digits of their SHA-256>.ext, a new name whenever the content changes),
// listed in static/dist/manifest.json: the portal links to those, so the reverse proxy may let
// browsers keep them for a year (deploy/nginx/portal.conf) and a release is never half-cached.
import * as sass from "sass";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { NodePackageImporter } from "sass";

const root = new URL("../", import.meta.url).pathname;
const statics = `${root}static/`;
const govuk = `${root}node_modules/govuk-frontend/dist/govuk/`;

mkdirSync(`${statics}dist`, { recursive: true });
const result = sass.compile(`${statics}src/portal.scss`, {
  style: "compressed",
  importers: [new NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${statics}dist/portal.css`, result.css);

mkdirSync(`${statics}vendor/govuk/assets/images`, { recursive: true });
cpSync(`${govuk}govuk-frontend.min.js`, `${statics}vendor/govuk/govuk-frontend.min.js`);
for (const image of ["favicon.ico", "favicon.svg"]) {
  cpSync(`${govuk}assets/images/${image}`, `${statics}vendor/govuk/assets/images/${image}`);
}
cpSync(`${root}node_modules/htmx.org/dist/htmx.min.js`, `${statics}vendor/htmx.min.js`);

// Writes ``content`` beside ``name`` (a path under static/) under its fingerprinted name and
// returns that name; the page's own script goes to dist/ beside the stylesheet.
const manifest = {};
function fingerprint(name, content, folder = name.slice(0, name.lastIndexOf("/") + 1)) {
  const digest = createHash("sha256").update(content).digest("hex").slice(0, 12);
  const file = name.slice(name.lastIndexOf("/") + 1);
  const dot = file.lastIndexOf(".");
  const fingerprinted = `${folder}${file.slice(0, dot)}.${digest}${file.slice(dot)}`;
  writeFileSync(`${statics}${fingerprinted}`, content);
  manifest[name] = fingerprinted;
  return fingerprinted;
}

fingerprint("dist/portal.css", result.css);
fingerprint("vendor/htmx.min.js", readFileSync(`${statics}vendor/htmx.min.js`));
const frontend = fingerprint("vendor/govuk/govuk-frontend.min.js",
  readFileSync(`${statics}vendor/govuk/govuk-frontend.min.js`));
// dist/ sits beside js/, so the script's relative import only needs the new file name.
const script = readFileSync(`${statics}js/portal.mjs`, "utf8");
const imported = "../vendor/govuk/govuk-frontend.min.js";
if (!script.includes(imported)) throw new Error(`static/js/portal.mjs no longer imports ${imported}`);
fingerprint("js/portal.mjs", script.replace(imported, `../${frontend}`), "dist/");
writeFileSync(`${statics}dist/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
console.log("assets built: static/dist/ (fingerprinted, manifest.json), static/vendor/");
