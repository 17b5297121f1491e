/**
 * API.md §0 and the README's table: every setting from the environment with
 * its documented default, every bad variable named at once, and the master
 * key of the embedded store generated once and kept in DATA_DIR.
 */
import { mkdtempSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Duration } from "effect"
import { describe, expect, it } from "vitest"
import { domainConfigOf } from "../src/settings/DomainConfigOf.js"
import { MASTER_KEY_FILE, resolveMasterKey } from "../src/settings/MasterKey.js"
import { readSettings, SettingsError } from "../src/settings/Settings.js"

describe("settings", () => {
  it("defaults: port 3000 on 127.0.0.1, pglite in ./data, trust proxy off", () => {
    const settings = readSettings({})
    expect(settings).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      storage: { driver: "pglite", dataDir: "./data" },
      serviceDomain: "t.trueconf.com",
      currency: "RUB",
      seatPrice: 45_000,
      billingPeriodDays: 30,
      gracePeriodDays: 3,
      phoneRatePerMinute: 300,
      throttle: { windowMinutes: 15, redemptionsPerAccount: 10, redemptionsPerAddress: 30, signInsPerPair: 10, signInsPerAddress: 100 },
      trustProxy: false,
      logLevel: "info",
      masterKey: null,
      passwordHashing: "owasp"
    })
  })

  it("reads every variable", () => {
    const settings = readSettings({
      PORT: "8080", HOST: "0.0.0.0", STORAGE: "postgres", DATABASE_URL: "postgres://db/x", SERVICE_DOMAIN: "calls.example.com",
      SEAT_PRICE: "100", CURRENCY: "EUR", BILLING_PERIOD_DAYS: "31", GRACE_PERIOD_DAYS: "0", PHONE_RATE_PER_MINUTE: "5",
      THROTTLE_SIGN_INS_PER_PAIR: "3", TRUST_PROXY: "loopback, 10.0.0.0/8", LOG_LEVEL: "warn",
      DATABASE_POOL_SIZE: "5", PASSWORD_HASHING: "fast"
    })
    expect(settings.storage).toEqual({ driver: "postgres", url: "postgres://db/x", poolSize: 5 })
    expect(settings.passwordHashing).toBe("fast")
    expect(readSettings({ STORAGE: "postgres", DATABASE_URL: "postgres://db/x" }).storage).toMatchObject({ poolSize: 10 })
    expect(settings.trustProxy).toBe("loopback, 10.0.0.0/8")
    const config = domainConfigOf(settings)
    expect(config).toMatchObject({ serviceDomain: "calls.example.com", seatPrice: 100, currency: "EUR", phoneRatePerMinute: 5 })
    expect(Duration.toMillis(config.billingPeriod)).toBe(31 * 86_400_000)
    expect(config.throttle.signInsPerPair).toBe(3)
    expect(readSettings({ TRUST_PROXY: "2" }).trustProxy).toBe(2)
    expect(readSettings({ TRUST_PROXY: "true" }).trustProxy).toBe(true)
  })

  it("names every bad variable at once", () => {
    try {
      readSettings({
        PORT: "http", STORAGE: "postgres", CURRENCY: "rubles", MASTER_KEY: "c2hvcnQ=", DATABASE_POOL_SIZE: "0", PASSWORD_HASHING: "none"
      })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError)
      const problems = (error as SettingsError).problems.join("\n")
      for (const name of ["PORT", "DATABASE_URL", "CURRENCY", "MASTER_KEY", "DATABASE_POOL_SIZE", "PASSWORD_HASHING"]) expect(problems).toContain(name)
    }
  })

  it("R15 the embedded store's master key is generated once and kept in DATA_DIR (mode 0600)", () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "cg-http-")), "data")
    const settings = readSettings({ DATA_DIR: dataDir })
    const first = resolveMasterKey(settings)
    expect(first).toHaveLength(32)
    expect(resolveMasterKey(settings)).toEqual(first)
    expect(statSync(join(dataDir, MASTER_KEY_FILE)).mode & 0o777).toBe(0o600)
  })

  it("R15 MASTER_KEY wins, and a shared postgres database requires it", () => {
    const key = Buffer.alloc(32, 9).toString("base64")
    expect(resolveMasterKey(readSettings({ MASTER_KEY: key, STORAGE: "memory" }))).toEqual(new Uint8Array(32).fill(9))
    expect(() => resolveMasterKey(readSettings({ STORAGE: "postgres", DATABASE_URL: "postgres://db/x" }))).toThrow(/MASTER_KEY/)
  })
})
