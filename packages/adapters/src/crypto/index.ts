/** Adapters over `node:crypto`, shared by the memory and the Postgres adapters. */
export * from "./NodeSecrets.js"
export * from "./ScryptPasswordHasher.js"
