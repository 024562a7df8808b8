// The web app's build: `npm run build:web` → web/dist, which the server serves at /.
// `npx vite --config web/vite.config.ts` serves it in development with /v1 proxied to SIDETEXT_API (a running
// `npm run server`, default http://localhost:8787).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { buildSync } from "esbuild";
import { defineConfig, type Plugin, type UserConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const platformDir = path.join(root, "src/platform");

/**
 * src/platform is the one module over the extension APIs; on the web every src/platform/X resolves to
 * src/platform/web/X instead, so src/worker, src/sync and src/ui run unchanged. A platform module with no
 * web twin fails the build (webextension-polyfill must never reach the web bundle).
 */
function webPlatform(): Plugin {
  return {
    name: "sidetext-web-platform",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (!importer || importer.startsWith(path.join(platformDir, "web"))) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || path.dirname(resolved.id) !== platformDir) return null;
      const web = path.join(platformDir, "web", path.basename(resolved.id));
      if (!fs.existsSync(web)) this.error(`${path.relative(root, resolved.id)} has no web implementation in src/platform/web/ (imported by ${importer})`);
      return web;
    },
  };
}

/** The worker build's src/crm/pick-adapter is web/worker/no-crm-pages.ts: no CRM pages on the web (see there). */
function noCrmPages(): Plugin {
  const pickAdapter = path.join(root, "src/crm/pick-adapter.ts");
  const standIn = path.join(root, "web/worker/no-crm-pages.ts");
  return {
    name: "sidetext-web-no-crm-pages",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (!importer || !source.includes("pick-adapter")) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === pickAdapter ? standIn : null;
    },
  };
}

/**
 * web/boot.ts imports the app (web/main.tsx) only after the saved list's first frame; these hints let the
 * browser fetch and compile the app's chunks meanwhile, so the import runs them at once.
 */
function preloadApp(): Plugin {
  const main = path.join(root, "web/main.tsx");
  return {
    name: "sidetext-web-preload-app",
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === "chunk");
        const app = chunks.find((c) => c.facadeModuleId === main);
        if (!app) return [];
        const entries = new Set(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
        return [app.fileName, ...app.imports.filter((f) => !entries.has(f))].map((file) => ({
          tag: "link",
          attrs: { rel: "modulepreload", href: `/${file}` },
          injectTo: "head" as const,
        }));
      },
    },
  };
}

/**
 * The entry's styles go into index.html itself: a stylesheet blocks the first frame and the entry script until it
 * is loaded, and each file the page asks for costs a service-worker fetch on that path (bench/web-load.ts). The
 * CSS file stays in the build (and the precache) for anything else that names it.
 */
function inlineEntryCss(): Plugin {
  return {
    name: "sidetext-web-inline-entry-css",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        return html.replace(/<link rel="stylesheet"[^>]*\shref="\/([^"]+\.css)">/g, (tag, file: string) => {
          const asset = ctx.bundle?.[file];
          if (asset?.type !== "asset") return tag;
          const css = String(asset.source);
          if (/<\/style/i.test(css)) throw new Error(`${file} holds "</style": not inlined`);
          return `<style>${css}</style>`;
        });
      },
    },
  };
}

/**
 * The entry script and the app chunk's preload wait in an inert `<template id="sidetext-app">` (no fetch, no run):
 * index.html's inline script (web/paint-saved-screen.ts) adds them to the page after the saved list's first frame,
 * or at once when nothing is saved. In the head, the parser waited for the entry's fetch through the service worker
 * before it finished, and the first frame waited for that, its run and DOMContentLoaded (bench/web-load-trace.ts).
 * web/scripts/first-screen-js.mjs still finds them there.
 */
function deferAppScripts(): Plugin {
  const TAGS = /\s*(<script type="module"[^>]*\ssrc="[^"]+"[^>]*><\/script>|<link rel="modulepreload"[^>]*>)/g;
  return {
    name: "sidetext-web-defer-app-scripts",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html) {
        const tags = [...html.matchAll(TAGS)].map((m) => m[1]);
        if (!tags.some((t) => t.startsWith("<script"))) throw new Error("index.html: no entry script to defer");
        return html.replace(TAGS, "").replace("</head>", `  <template id="sidetext-app">${tags.join("")}</template>\n  </head>`);
      },
    },
  };
}

/**
 * web/paint-saved-screen.ts, bundled on its own, as a classic script inline right after index.html's root: the
 * saved list is in the page as the parser reaches it, not after the entry script is fetched through the service
 * worker and run. Only in a build (the dev server's boot.ts paints it instead).
 */
function inlinePaintSavedScreen(): Plugin {
  const ROOT_DIV = '<div id="root"></div>';
  return {
    name: "sidetext-web-inline-paint",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html) {
        const { outputFiles } = buildSync({
          entryPoints: [path.join(root, "web/paint-saved-screen.ts")],
          bundle: true,
          format: "iife",
          minify: true,
          target: "es2022",
          write: false,
        });
        const code = outputFiles[0].text.trim();
        if (!html.includes(ROOT_DIV) || /<\/script/i.test(code)) throw new Error("index.html: the saved screen's paint script cannot be inlined");
        return html.replace(ROOT_DIV, `${ROOT_DIV}<script>${code}</script>`);
      },
    },
  };
}

/**
 * In the worker build, `source` as `importer` imports it is `standIn` instead: a module that loads the real one as a
 * chunk of its own when first used, so the worker's first answers (the first screen's rows, from IndexedDB) come
 * from a smaller first chunk. Fails the build when `importer` no longer imports `source` (update this then).
 */
function lazyModule(importer: string, source: string, standIn: string): Plugin {
  const from = path.join(root, importer);
  let swapped = false;
  return {
    name: `sidetext-web-lazy-${path.basename(standIn, ".ts")}`,
    enforce: "pre",
    resolveId(id, by) {
      if (by !== from || id !== source) return null;
      swapped = true;
      return path.join(root, standIn);
    },
    buildEnd() {
      if (!swapped) this.error(`${importer} does not import ${source} any more (web/vite.config.ts lazyModule)`);
    },
  };
}

/** The worker's commands (libphonenumber, the handlers): loaded with the first command (web/worker/lazy-commands.ts). */
const lazyCommands = () => lazyModule("src/worker/index.ts", "./commands", "web/worker/lazy-commands.ts");
/** The API client (ky, zod, the response schemas): loaded with the engine's first request (web/worker/lazy-api.ts). */
const lazyApi = () => lazyModule("src/sync/engine.ts", "../api/client", "web/worker/lazy-api.ts");

/**
 * The web app renders with Preact's React compatibility layer instead of react-dom: the same components
 * (src/ui, web/), ~57 KB less gzipped JS before the first screen (react-dom alone was ~63 KB of it). The
 * extension and the component tests keep React. SIDETEXT_WEB_REACT=1 builds the web app with React (to compare).
 */
const preact = process.env.SIDETEXT_WEB_REACT
  ? []
  : [
      { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
      { find: /^react\/jsx-(dev-)?runtime$/, replacement: "preact/jsx-runtime" },
      { find: /^react(-dom)?$/, replacement: "preact/compat" },
    ];
const alias = [{ find: /^~(.*)$/, replacement: `${root}/$1` }, ...preact];

export default defineConfig(({ command }) => {
  // A build is always the production app. Builds started from a test (vitest sets NODE_ENV=test, which the
  // build in tests/support/web-app.ts inherits) shipped React's development build: a 180 KB page, not 117 KB.
  if (command === "build") process.env.NODE_ENV = "production";
  return config;
});

const config = {
  root: path.join(root, "web"),
  base: "/",
  resolve: { alias },
  plugins: [
    webPlatform(),
    react(),
    preloadApp(),
    inlineEntryCss(),
    deferAppScripts(),
    inlinePaintSavedScreen(),
    VitePWA({
      strategies: "injectManifest",
      srcDir: ".",
      filename: "sw.ts",
      injectRegister: false, // web/main.tsx registers it (after the first screen)
      manifest: false, // web/public/manifest.webmanifest
      injectManifest: { globPatterns: ["**/*.{js,css,html,png,webmanifest}"], maximumFileSizeToCacheInBytes: 4 * 1024 * 1024 },
    }),
  ],
  worker: { format: "es", plugins: () => [webPlatform(), noCrmPages(), lazyCommands(), lazyApi()] },
  build: {
    outDir: path.join(root, "web/dist"),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: { "/v1": { target: process.env.SIDETEXT_API ?? "http://localhost:8787", ws: true } } },
} satisfies UserConfig;
