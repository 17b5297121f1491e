/**
 * An adapter under test. The contract suite runs unchanged against any
 * target: memory here, PGlite and a Postgres server once their adapter lands.
 */
import type { Layer } from "effect"
import type { TestServices } from "../TestLayer.js"

export interface ContractTarget {
  readonly name: string
  /** A fresh, empty world on every call. */
  readonly layer: () => Layer.Layer<TestServices, unknown>
}
