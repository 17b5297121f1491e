/**
 * The adapter contract suite on the Postgres adapter against the server of
 * `DATABASE_URL` (CI's `.ci/run` sets it), unchanged from
 * memory.contract.test.ts, with real connections and real locks. Without
 * `DATABASE_URL` there is no server to run it on: the suite is skipped, and
 * its name says why.
 */
import { Effect, Layer } from "effect"
import { afterAll, beforeAll, describe } from "vitest"
import { modelBasedSuite } from "../src/contract/ModelBasedSuite.js"
import { raceSuite } from "../src/contract/RaceSuite.js"
import { useCaseSuites } from "../src/contract/usecases/index.js"
import { postgresTarget } from "../src/fixtures/Postgres.js"

/** Stands in while skipped, so the suites can still be declared; never built. */
const noServer = {
  name: "postgres",
  layer: () => Layer.effectContext(Effect.die(new Error("DATABASE_URL is not set"))),
  prepare: () => Promise.resolve(),
  close: () => Promise.resolve()
}

const target = postgresTarget ?? noServer

describe.skipIf(postgresTarget === undefined)(
  `on a Postgres server${postgresTarget === undefined ? " (skipped: DATABASE_URL is not set; CI sets it, e.g. postgres://postgres@127.0.0.1:5432/test)" : ""}`,
  () => {
    beforeAll(() => target.prepare(), 120_000)
    afterAll(() => target.close(), 60_000)

    useCaseSuites(target)

    modelBasedSuite(target, { numRuns: Number(process.env["FC_POSTGRES_RUNS"] ?? 60) })

    raceSuite(target, { numRuns: Number(process.env["FC_POSTGRES_RACE_RUNS"] ?? 20) })
  }
)
