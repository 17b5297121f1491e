-- wrk's script for bench/wrk.ts: POST /v1/me/group, each request from the
-- next user of the joins file ("token code" per line), the lines dealt out
-- to wrk's threads by number. wrk runs for its -d; `done` prints the answers
-- by status as one JSON line.
-- Arguments (after `--`): the joins file, the number of threads.

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, count = args[1], tonumber(args[2])
  joins = {}
  local n = 0
  for line in io.lines(file) do
    if n % count == tid then
      local token, code = line:match("^(%S+) (%S+)$")
      table.insert(joins, wrk.format("POST", "/v1/me/group", {
        ["Content-Type"] = "application/json",
        ["Authorization"] = "Bearer " .. token
      }, '{"corporateCode":"' .. code .. '"}'))
    end
    n = n + 1
  end
  -- A thread whose users have all been sent asks for an unknown route instead,
  -- answered 404, which no join is: bench/wrk.ts refuses a run that had any.
  -- (Formatted here, not when the script loads: only by now does wrk.format
  -- know the Host header.)
  extra = wrk.format("GET", "/v1/no-such-route")
  sent = 0
  statuses = {}
end

function request()
  sent = sent + 1
  return joins[sent] or extra
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(counts) do table.insert(parts, string.format('"%d":%d', status, n)) end
  io.write(string.format('\nWRK-RESULT {"durationUs":%d,"p50Us":%d,"p99Us":%d,"errors":%d,"statuses":{%s}}\n',
    summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(parts, ",")))
end
