-- wrk's script for bench/peer.ts: POST /join with the code of a random group of 1..1,000,
-- as pgbench's -D gmin=1 -D gmax=1000; `done` prints the answers by status as one line.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  statuses = {}
  math.randomseed(os.time() + #threads)
end
function request()
  return wrk.format("POST", "/join", { ["Content-Type"] = "application/json" },
    '{"code":"CODE-' .. math.random(1, 1000) .. '"}')
end
function response(status) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency)
  local merged = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do merged[tostring(status)] = (merged[tostring(status)] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(merged) do table.insert(parts, string.format('"%s":%d', status, n)) end
  io.write(string.format('PEER-RESULT {"durationUs":%d,"statuses":{%s}}\n', summary.duration, table.concat(parts, ",")))
end
