/**
 * `@corporate-groups/testing`: what other teams use in their own tests and
 * what every adapter must pass.
 * - `TestLayer.memory()`: every port in memory, with a controllable clock.
 * - `ControlledClock`: move time forward from a test.
 * - `invariantViolations`, `StateInspector`: SPEC's invariants on committed state.
 * - The adapter contract suite: `modelBasedSuite`, `raceSuite` and the use-case
 *   suites (`useCaseSuites`, or one area at a time) over a `ContractTarget`.
 * - `pgliteTarget`, `postgresTarget`: the Postgres fixture (DATABASE_URL, else PGlite).
 * - `Arb`: fast-check arbitraries for every domain value and command body.
 */
export * from "./ControlledClock.js"
export * from "./Invariants.js"
export * from "./StateInspector.js"
export * from "./TestLayer.js"
export * from "./contract/Target.js"
export * from "./contract/ModelBasedSuite.js"
export * from "./contract/RaceSuite.js"
export * from "./contract/Scheduled.js"
export * from "./contract/usecases/index.js"
export * from "./fixtures/Postgres.js"
export * as Arb from "./arbitraries/index.js"
