/** The adapter contract suite on the in-memory adapter. */
import { modelBasedSuite } from "../src/contract/ModelBasedSuite.js"
import { TestLayer } from "../src/TestLayer.js"

const memory = { name: "memory", layer: () => TestLayer.memory() }

modelBasedSuite(memory, { numRuns: Number(process.env["FC_NUM_RUNS"] ?? 200) })
