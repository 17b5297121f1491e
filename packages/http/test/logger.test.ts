/**
 * The host's request log: lines logged in one turn of the event loop go out
 * in one write after it, in order, each a JSON object on its own line.
 */
import { describe, expect, it } from "vitest"
import { batchedStdout, makeLogger } from "../src/log/Logger.js"

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

describe("batched log lines", () => {
  it("writes the lines of one turn together, in order, then starts a new batch", async () => {
    const writes: Array<string> = []
    const logger = makeLogger("info", batchedStdout((text) => void writes.push(text)))
    logger.info("first", { requestId: "a" })
    logger.debug("dropped below the level")
    logger.warn("second", { requestId: "b" })
    expect(writes).toEqual([])
    await nextTurn()
    expect(writes).toHaveLength(1)
    const lines = writes[0]!.split("\n")
    expect(lines.at(-1)).toBe("")
    expect(lines.slice(0, -1).map((line) => JSON.parse(line).msg)).toEqual(["first", "second"])
    logger.error("third")
    await nextTurn()
    expect(writes).toHaveLength(2)
    expect(JSON.parse(writes[1]!).msg).toBe("third")
  })
})
