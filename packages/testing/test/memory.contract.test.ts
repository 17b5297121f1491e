/** The adapter contract suite on the in-memory adapter. */
import { modelBasedSuite } from "../src/contract/ModelBasedSuite.js"
import { raceSuite } from "../src/contract/RaceSuite.js"
import { useCaseSuites } from "../src/contract/usecases/index.js"
import { TestLayer } from "../src/TestLayer.js"

const memory = { name: "memory", layer: () => TestLayer.memory() }

useCaseSuites(memory)

modelBasedSuite(memory, { numRuns: Number(process.env["FC_NUM_RUNS"] ?? 200) })

raceSuite(memory, { numRuns: Number(process.env["FC_RACE_RUNS"] ?? 50) })
