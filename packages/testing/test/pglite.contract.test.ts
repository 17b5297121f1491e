/**
 * The adapter contract suite on the Postgres adapter over PGlite, unchanged
 * from memory.contract.test.ts. Worlds reuse one database, emptied between
 * them, so the sequence counts stay close to memory's within CI's time.
 */
import { afterAll, beforeAll } from "vitest"
import { modelBasedSuite } from "../src/contract/ModelBasedSuite.js"
import { raceSuite } from "../src/contract/RaceSuite.js"
import { useCaseSuites } from "../src/contract/usecases/index.js"
import { pgliteTarget } from "../src/fixtures/Postgres.js"

beforeAll(() => pgliteTarget.prepare(), 120_000)
afterAll(() => pgliteTarget.close(), 60_000)

useCaseSuites(pgliteTarget)

modelBasedSuite(pgliteTarget, { numRuns: Number(process.env["FC_PGLITE_RUNS"] ?? 60) })

raceSuite(pgliteTarget, { numRuns: Number(process.env["FC_PGLITE_RACE_RUNS"] ?? 20) })
