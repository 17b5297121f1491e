/** `@corporate-groups/adapters`: every adapter of the domain's ports. */
export * from "./crypto/index.js"
export * from "./memory/index.js"
export * from "./postgres/index.js"
