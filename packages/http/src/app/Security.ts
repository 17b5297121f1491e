/**
 * Hardening headers (helmet: what Express projects use, with defaults kept
 * current by its maintainers): no MIME sniffing, no framing, HSTS, a strict
 * Content-Security-Policy that the docs page satisfies by loading only
 * same-origin scripts (no inline script, no CDN). `X-Powered-By` is off, so
 * the server does not advertise its stack. Answers are per-account and carry
 * tokens and codes, so nothing is cached (`no-store`) unless a route says
 * otherwise (the docs page's static assets).
 */
import type { Express } from "express"
import helmet from "helmet"

export const secure = (app: Express): void => {
  app.disable("x-powered-by")
  app.use(helmet({
    contentSecurityPolicy: {
      // The host speaks plain HTTP unless a proxy adds TLS: upgrading the docs page's assets would break it.
      directives: { upgradeInsecureRequests: null }
    },
    // API answers are not documents to embed or share across origins.
    crossOriginResourcePolicy: { policy: "same-origin" },
    referrerPolicy: { policy: "no-referrer" }
  }))
  app.use((_req, res, next) => {
    res.set("Cache-Control", "no-store")
    next()
  })
}
