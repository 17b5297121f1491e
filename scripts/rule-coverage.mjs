#!/usr/bin/env node
// Lists, for every rule id of SPEC.md (R1…R51), the test files whose test or
// suite names cite it, and rewrites the table between the markers in
// packages/domain/README.md. Run: node scripts/rule-coverage.mjs
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"

const root = new URL("..", import.meta.url).pathname
const RULES = [1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16, 17, 18, 30, 31, 32, 40, 41, 42, 43, 44, 45, 50, 51]

const files = []
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", "dist", ".turbo"].includes(entry.name)) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path)
    else if (/\.test\.ts$|contract\/.*\.ts$/.test(path)) files.push(path)
  }
}
walk(join(root, "packages"))

// A test or suite title: the first string argument of it(…), it.effect(…), describe(…), test(…).
const TITLE = /\b(?:it|test|describe)(?:\.\w+)*\(\s*(["'`])((?:(?!\1).)*)\1/g
const coverage = new Map(RULES.map((r) => [r, new Map()]))
for (const file of files) {
  const text = readFileSync(file, "utf8")
  for (const [, , title] of text.matchAll(TITLE)) {
    for (const [, id] of title.matchAll(/\bR(\d+)\b/g)) {
      const tests = coverage.get(Number(id))
      if (tests === undefined) continue
      const rel = relative(root, file)
      tests.set(rel, (tests.get(rel) ?? 0) + 1)
    }
  }
}

const lines = ["| rule | tests citing it (file: count) |", "|---|---|"]
for (const [rule, tests] of coverage) {
  const cells = [...tests].map(([file, n]) => `\`${file}\`: ${n}`).join("<br>")
  lines.push(`| R${rule} | ${cells || "**none**"} |`)
}
const table = lines.join("\n")
const readme = join(root, "packages/domain/README.md")
const text = readFileSync(readme, "utf8")
const start = "<!-- rule-coverage:start -->"
const end = "<!-- rule-coverage:end -->"
const next = text.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${table}\n${end}`)
writeFileSync(readme, next)
const missing = [...coverage].filter(([, t]) => t.size === 0).map(([r]) => `R${r}`)
console.log(missing.length === 0 ? "every rule is cited by a test" : `rules no test cites: ${missing.join(", ")}`)
