/**
 * API.md §2 `/docs`: Swagger UI rendering `/openapi.json`, its assets served
 * from the installed `swagger-ui-dist` package (no CDN: the page works
 * offline). Only the three files the page needs are served, not the
 * package's demo page, and the start-up script is a same-origin file so the
 * Content-Security-Policy needs no inline script.
 */
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import type { RequestHandler } from "express"

const ASSETS = {
  "swagger-ui.css": "text/css",
  "swagger-ui-bundle.js": "text/javascript",
  "favicon-32x32.png": "image/png"
} as const

const swaggerUiDir = (): string => dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"))

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Corporate groups API</title>
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/start.js"></script>
</body>
</html>
`

const START = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true })\n`

/** A GET route of the host itself (not of API.md's use cases). */
export interface HostRoute {
  readonly path: string
  readonly handler: RequestHandler
}

export const docsRoutes = (): ReadonlyArray<HostRoute> => {
  const dir = swaggerUiDir()
  const assets = Object.entries(ASSETS).map(([file, type]): HostRoute => ({
    path: `/docs/assets/${file}`,
    handler: (_req, res, next) => {
      // Static files of an installed package: safe to cache, unlike every API answer.
      res.type(type).set("Cache-Control", "public, max-age=86400").sendFile(join(dir, file), (error) => {
        if (error !== undefined) next(error)
      })
    }
  }))
  return [
    { path: "/docs", handler: (_req, res) => void res.type("text/html").send(PAGE) },
    { path: "/docs/assets/start.js", handler: (_req, res) => void res.type("text/javascript").send(START) },
    ...assets
  ]
}
