/**
 * R15: the server key that seals corporate codes and keys their lookup hash.
 * `MASTER_KEY` wins when set. The embedded default (pglite) needs no setup, so
 * it generates a key once and keeps it beside its data (mode 0600): codes keep
 * working across restarts. A shared `postgres` database is served by several
 * hosts that must all use one key, so there it must be given. In memory
 * nothing survives a restart anyway, so a fresh key per process is enough.
 */
import { randomBytes } from "node:crypto"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { MASTER_KEY_BYTES } from "@corporate-groups/adapters"
import { SettingsError } from "./EnvReader.js"
import type { Settings } from "./Settings.js"

export const MASTER_KEY_FILE = "master.key"

const decode = (base64: string, where: string): Uint8Array => {
  const key = Buffer.from(base64.trim(), "base64")
  if (key.length !== MASTER_KEY_BYTES) {
    throw new SettingsError([`${where} must hold the base64 of exactly ${MASTER_KEY_BYTES} bytes`])
  }
  return new Uint8Array(key)
}

const isAlreadyThere = (error: unknown): boolean =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "EEXIST"

/** The key kept in `dataDir`, created there on first use (two hosts racing both end up with the one written first). */
export const keptMasterKey = (dataDir: string): Uint8Array => {
  const file = join(dataDir, MASTER_KEY_FILE)
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  try {
    writeFileSync(file, randomBytes(MASTER_KEY_BYTES).toString("base64") + "\n", { flag: "wx", mode: 0o600 })
  } catch (error) {
    if (!isAlreadyThere(error)) throw error
  }
  return decode(readFileSync(file, "utf8"), file)
}

export const resolveMasterKey = (settings: Settings): Uint8Array => {
  if (settings.masterKey !== null) return decode(settings.masterKey, "MASTER_KEY")
  switch (settings.storage.driver) {
    case "memory":
      return new Uint8Array(randomBytes(MASTER_KEY_BYTES))
    case "pglite":
      return keptMasterKey(settings.dataDir)
    case "postgres":
      throw new SettingsError([
        "MASTER_KEY is required when STORAGE=postgres: every host sharing the database must use the same key"
      ])
  }
}
